package importer

import (
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
)

// TestImportDetails checks what the hosts' feeds carry beyond GUIDs and
// dates, and what the report says about what could not be kept.
func TestImportDetails(t *testing.T) {
	srv := hostServer(t)
	t.Run("notes sanitized, artwork and iTunes fields", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, false)
		e.run(srv.URL+"/feeds/libsyn.xml", "libsyn", Options{})
		ep := e.episodes("libsyn")["c964777d603943dab53f36ccc17a742e"]
		if strings.Contains(ep.Description, "<script") || !strings.Contains(ep.Description, `href="https://example.com/search"`) {
			t.Errorf("notes %q", ep.Description)
		}
		if ep.Season != 1 || ep.Number != 83 || ep.Type != catalog.EpisodeFull || ep.Explicit {
			t.Errorf("season %d number %d type %s explicit %v", ep.Season, ep.Number, ep.Type, ep.Explicit)
		}
		if !strings.HasPrefix(ep.ArtworkKey, "episodes/"+ep.ID+"/art-") || ep.ArtworkMIME != "image/jpeg" {
			t.Errorf("episode artwork %q %q", ep.ArtworkKey, ep.ArtworkMIME)
		}
		sh, _ := e.store.GetShow(e.ctx, "libsyn")
		if sh.ArtworkKey == "" || sh.OwnerEmail != "desk@example.com" || sh.Title != "Libsyn Weekly" || sh.Link != "https://libsynweekly.example.com" {
			t.Errorf("show %+v", sh)
		}
	})
	t.Run("locked not copied, transcripts and chapters re-hosted", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, false)
		rep := e.run(srv.URL+"/feeds/buzzsprout.xml", "buzz", Options{})
		sh, _ := e.store.GetShow(e.ctx, "buzz")
		if sh.Locked || !strings.Contains(strings.Join(rep.Lost, " "), "podcast:locked") {
			t.Errorf("locked %v, lost %q", sh.Locked, rep.Lost)
		}
		if len(sh.Funding) != 1 || len(sh.Persons) != 1 || strings.Join(sh.Categories, ",") != "News/Daily News" {
			t.Errorf("funding %v persons %v categories %v", sh.Funding, sh.Persons, sh.Categories)
		}
		ep := e.episodes("buzz")["Buzzsprout-12672354"]
		if tr := ep.Transcript; !tr.Ready() || tr.Origin != catalog.TranscriptUploaded || !tr.Timed {
			t.Fatalf("transcript %+v", tr)
		}
		if len(ep.Chapters) != 2 || ep.Chapters[1].Title != "Story" || ep.Chapters[1].Start.Seconds() != 1.5 {
			t.Errorf("chapters %+v", ep.Chapters)
		}
		res := rep.Results[0]
		if !hasProblem(res, "length said 1 bytes") || !hasProblem(res, "itunes:duration said") || !hasProblem(res, "read from its text/vtt copy") {
			t.Errorf("problems %q", res.Problems)
		}
	})
	t.Run("missing GUID derived, undated draft, Latin-1", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, false)
		rep := e.run(srv.URL+"/feeds/wordpress.xml", "wp", Options{})
		eps := e.episodes("wp")
		derived := DeriveGUID(srv.URL + "/audio/mp3_mpeg2_22k_mono.mp3")
		if eps[derived] == nil || !rep.Results[1].GUIDDerived || !hasProblem(rep.Results[1], "has no GUID") {
			t.Errorf("derived GUID %q: %+v", derived, rep.Results[1])
		}
		undated := eps["https://news.example.com/?p=99"]
		if undated == nil || undated.Status != catalog.StatusDraft || !hasProblem(rep.Results[2], "draft") {
			t.Errorf("undated episode %+v, result %+v", undated, rep.Results[2])
		}
		sh, _ := e.store.GetShow(e.ctx, "wp")
		if !strings.Contains(sh.Description, "café") {
			t.Errorf("description %q", sh.Description)
		}
	})
	t.Run("serial types and unknown category", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, false)
		rep := e.run(srv.URL+"/feeds/megaphone.xml", "mega", Options{})
		sh, _ := e.store.GetShow(e.ctx, "mega")
		if sh.Type != catalog.ShowSerial || !strings.Contains(strings.Join(rep.Lost, " "), "Not A Real Category") {
			t.Errorf("type %s, lost %q", sh.Type, rep.Lost)
		}
		types := map[string]int{}
		for _, ep := range e.episodes("mega") {
			types[ep.Type]++
		}
		if types[catalog.EpisodeTrailer] != 1 || types[catalog.EpisodeBonus] != 1 || types[catalog.EpisodeFull] != 1 {
			t.Errorf("types %v", types)
		}
	})
	t.Run("podcast:guid kept", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, false)
		e.run(srv.URL+"/feeds/castopod.xml", "fedi", Options{})
		sh, _ := e.store.GetShow(e.ctx, "fedi")
		ep := e.episodes("fedi")["https://castopod.example.com/@fediverse/episodes/activitypub"]
		if sh.GUID != "9b024349-ccf0-5f69-a609-6b82873eab3c" || sh.Language != "fr" || ep == nil || !ep.Transcript.Ready() || ep.Transcript.Language != "fr" {
			t.Errorf("show guid %q language %q, episode %+v", sh.GUID, sh.Language, ep)
		}
	})
	t.Run("dry run, since and limit", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, false)
		dry := e.run(srv.URL+"/feeds/megaphone.xml", "mega", Options{DryRun: true})
		if dry.Selected != 3 || dry.AnnouncedBytes != 15360417+22645028+48711 || dry.Results[0].Status != ItemPlanned {
			t.Errorf("dry run: %+v", dry)
		}
		if _, err := e.store.GetShow(e.ctx, "mega"); err == nil {
			t.Error("a dry run created the show")
		}
		rep := e.run(srv.URL+"/feeds/megaphone.xml", "mega", Options{Limit: 1})
		if rep.Imported != 1 || rep.Skipped != 2 {
			t.Errorf("limit 1: %d imported, %d skipped", rep.Imported, rep.Skipped)
		}
		since := e.run(srv.URL+"/feeds/megaphone.xml", "mega", Options{Since: dateOf(t, "2021-07-10T00:00:00Z")})
		if since.Imported != 1 || since.Existing != 1 || since.Skipped != 1 {
			t.Errorf("since: %d imported, %d existing, %d skipped", since.Imported, since.Existing, since.Skipped)
		}
	})
}

func hasProblem(r ItemResult, s string) bool {
	for _, p := range r.Problems {
		if strings.Contains(p, s) {
			return true
		}
	}
	return false
}
