package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// TestAdminNetworkFields: the show form sets the feed limit, medium, hidden
// owner email, lock owner, podcast:txt, measurement prefixes and podroll;
// the "show the email for 48 hours" button opens the window; the episode
// page sets soundbites. Bad values are refused with the form again.
func TestAdminNetworkFields(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.show(t, "other")
	sh := e.show(t, "daily")
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	b := browser(t)
	tok := e.signIn(t, b, "boss@example.com", "right-password")
	form := url.Values{"csrf": {tok}, "title": {"Daily"}, "language": {"en"}, "type": {"episodic"},
		"categories": {"News"}, "owner_email": {"desk@example.com"}, "feed_limit": {"100"}, "medium": {"podcast"},
		"hide_owner_email": {"on"}, "locked_owner": {"locks@example.com"},
		"txt":                {"applepodcastsverify | abc-123\nfree text"},
		"analytics_prefixes": {"https://op3.dev/e/\n\nhttps://dts.podtrac.com/redirect.mp3/"},
		"podroll":            {"other\nhttps://feeds.example.org/x.xml\n917393e3-1b1e-5cef-ace4-edaa54e1f810"}}
	if st, loc := e.post(t, b, "/admin/shows/daily", form); st != http.StatusSeeOther {
		t.Fatalf("save: %d %s", st, loc)
	}
	got, err := e.store.GetShowByID(t.Context(), sh.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.FeedLimit != 100 || got.Medium != "podcast" || !got.HideOwnerEmail || got.LockedOwner != "locks@example.com" ||
		len(got.TXT) != 2 || got.TXT[0] != (catalog.TXT{Purpose: "applepodcastsverify", Value: "abc-123"}) || got.TXT[1].Value != "free text" ||
		len(got.AnalyticsPrefixes) != 2 || len(got.Podroll) != 3 || got.Podroll[0].ShowID == "" ||
		got.Podroll[1].FeedURL != "https://feeds.example.org/x.xml" || got.Podroll[2].FeedGUID == "" {
		t.Fatalf("stored show: %+v", got)
	}
	_, page, _ := e.page(t, b, "/admin/shows/daily")
	for _, want := range []string{"Show the email for 48 hours", `value="100"`, "applepodcastsverify | abc-123", "https://op3.dev/e/", ">other\nhttps://feeds.example.org/x.xml"} {
		if !strings.Contains(page, want) {
			t.Errorf("show page lacks %q", want)
		}
	}
	if st, _ := e.post(t, b, "/admin/shows/daily/owner-email-window", url.Values{"csrf": {tok}}); st != http.StatusSeeOther {
		t.Fatalf("owner email window: %d", st)
	}
	got, _ = e.store.GetShowByID(t.Context(), sh.ID)
	if d := time.Until(got.OwnerEmailUntil); d < 47*time.Hour || d > 49*time.Hour {
		t.Errorf("window closes in %s, want 48h", d)
	}
	if _, page, _ = e.page(t, b, "/admin/shows/daily"); !strings.Contains(page, "It is shown until") {
		t.Error("the show page does not say until when the email is shown")
	}
	for _, bad := range []url.Values{{"medium": {"radio"}}, {"feed_limit": {"x"}}, {"podroll": {"nope"}}, {"analytics_prefixes": {"op3.dev/e/"}}} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		for k, v := range bad {
			f[k] = v
		}
		if st, _ := e.post(t, b, "/admin/shows/daily", f); st != http.StatusUnprocessableEntity {
			t.Errorf("%v: %d, want 422", bad, st)
		}
	}

	ep := &catalog.Episode{ShowID: sh.ID, Title: "One", Status: catalog.StatusPublished, PublishedAt: time.Now().Add(-time.Hour),
		Type: catalog.EpisodeFull, Audio: catalog.Audio{Key: "episodes/x/a.mp3", Size: 10, MIME: "audio/mpeg", Duration: 10 * time.Minute}}
	if err := e.store.CreateEpisode(t.Context(), ep); err != nil {
		t.Fatal(err)
	}
	if st, loc := e.post(t, b, "/admin/episodes/"+ep.ID+"/soundbites", url.Values{"csrf": {tok}, "soundbites": {"1:13.5 30 The vote\n590 10"}}); st != http.StatusSeeOther {
		t.Fatalf("soundbites: %d %s", st, loc)
	}
	ge, _ := e.store.GetEpisode(t.Context(), ep.ID)
	want := []catalog.Soundbite{{Start: 73500 * time.Millisecond, Duration: 30 * time.Second, Title: "The vote"}, {Start: 590 * time.Second, Duration: 10 * time.Second}}
	if len(ge.Soundbites) != 2 || ge.Soundbites[0] != want[0] || ge.Soundbites[1] != want[1] {
		t.Errorf("soundbites = %+v, want %+v", ge.Soundbites, want)
	}
	if _, page, _ = e.page(t, b, "/admin/episodes/"+ep.ID); !strings.Contains(page, "1:13.5 30 The vote\n9:50 10 \n") {
		t.Errorf("episode page does not show the soundbites again")
	}
	for _, bad := range []string{"x 30", "1:00", "9:59 30 past the end", "0 -1"} {
		if st, _ := e.post(t, b, "/admin/episodes/"+ep.ID+"/soundbites", url.Values{"csrf": {tok}, "soundbites": {bad}}); st != http.StatusUnprocessableEntity {
			t.Errorf("soundbites %q: %d, want 422", bad, st)
		}
	}
}
