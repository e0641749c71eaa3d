package feedsrv

import (
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/feedtest"
	"github.com/onair-fm/onair/web/httpx"
)

// TestFeedInvalidation changes the catalog in every way a feed shows, and
// checks that the show's feeds change at once (and the other show's not).
func TestFeedInvalidation(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	ctx := env.Ctx()
	sh, eps := env.SeedShow("daily", 3)
	env.SeedShow("other", 1)
	art := &catalog.Article{URL: "https://news.example.com/budget", Title: "Budget explained"}
	if err := env.Store.CreateArticle(ctx, art); err != nil {
		t.Fatal(err)
	}
	var draft, scheduled *catalog.Episode
	steps := []struct {
		name   string
		change func(t *testing.T)
		want   string // in the RSS after the change
		gone   string // not in the RSS after the change
	}{
		{"add a draft changes nothing", func(t *testing.T) {
			draft = &catalog.Episode{ShowID: sh.ID, Title: "Draft one", Status: catalog.StatusDraft,
				PublishedAt: feedtest.T0.Add(-time.Minute), Audio: catalog.Audio{Key: "episodes/d/a.mp3", Size: 5, MIME: "audio/mpeg"}}
			must(t, env.Store.CreateEpisode(ctx, draft))
		}, "", "Draft one"},
		{"publish", func(t *testing.T) {
			draft.Status = catalog.StatusPublished
			must(t, env.Store.UpdateEpisode(ctx, draft))
		}, "Draft one", ""},
		{"edit an episode", func(t *testing.T) {
			eps[0].Title = "Episode A, corrected"
			must(t, env.Store.UpdateEpisode(ctx, eps[0]))
		}, "Episode A, corrected", ""},
		{"delete an episode", func(t *testing.T) {
			must(t, env.Store.DeleteEpisode(ctx, eps[1].ID))
		}, "", "Episode B"},
		{"link an article", func(t *testing.T) {
			must(t, env.Store.SetEpisodeArticles(ctx, eps[2].ID, []string{art.ID}))
		}, "Budget explained", ""},
		{"edit a linked article", func(t *testing.T) {
			art.Title = "Budget, explained again"
			must(t, env.Store.UpdateArticle(ctx, art))
		}, "Budget, explained again", "Budget explained<"},
		{"edit the show", func(t *testing.T) {
			sh, _ = env.Store.GetShow(ctx, "daily")
			sh.Title = "The Daily Show Renamed"
			must(t, env.Store.UpdateShow(ctx, sh))
		}, "The Daily Show Renamed", ""},
		{"schedule an episode", func(t *testing.T) {
			scheduled = &catalog.Episode{ShowID: sh.ID, Title: "Tomorrow's news", Status: catalog.StatusPublished,
				PublishedAt: env.Now().Add(time.Hour), Audio: catalog.Audio{Key: "episodes/s/a.mp3", Size: 5, MIME: "audio/mpeg"}}
			must(t, env.Store.CreateEpisode(ctx, scheduled))
		}, "", "Tomorrow"},
		{"its time passes", func(t *testing.T) {
			env.Advance(time.Hour)
		}, "Tomorrow&#39;s news", ""},
	}
	_, rec := env.Get("/shows/daily/feed.rss")
	etag, lastMod := rec.Header().Get("ETag"), rec.Header().Get("Last-Modified")
	_, otherRec := env.Get("/shows/other/feed.rss")
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.change(t)
			env.Advance(feedShowTTL) // what a node may trust without asking
			for _, f := range feedFormats {
				body, rec := env.Get("/shows/daily/feed." + f.name)
				if f == feedRSS {
					if st.want != "" && !strings.Contains(body, st.want) {
						t.Errorf("RSS lacks %q:\n%s", st.want, body)
					}
					if st.gone != "" && strings.Contains(body, st.gone) {
						t.Errorf("RSS still has %q", st.gone)
					}
				}
				if f != feedRSS {
					continue
				}
				newTag, newMod := rec.Header().Get("ETag"), rec.Header().Get("Last-Modified")
				changed := st.want != "" || strings.HasPrefix(st.name, "delete")
				if changed == (newTag == etag) {
					t.Errorf("ETag %s -> %s; want changed=%v", etag, newTag, changed)
				}
				if changed {
					// A client that only sends If-Modified-Since must see it too.
					if r := env.Do(http.MethodGet, "/shows/daily/feed.rss", "If-Modified-Since", lastMod); r.Code != 200 {
						t.Errorf("If-Modified-Since %s after the change = %d (Last-Modified now %s)", lastMod, r.Code, newMod)
					}
				}
				etag, lastMod = newTag, newMod
			}
		})
	}
	if _, r := env.Get("/shows/other/feed.rss"); r.Header().Get("ETag") != otherRec.Header().Get("ETag") {
		t.Error("changes to one show changed another show's feed")
	}
}

// TestFeedShowTTL: a node trusts the show it read for feedShowTTL, then
// asks the store again, so a change made on another node shows by then.
func TestFeedShowTTL(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	_, eps := env.SeedShow("daily", 1)
	_, rec := env.Get("/shows/daily/feed.rss")
	etag := rec.Header().Get("ETag")
	eps[0].Title = "Edited elsewhere"
	must(t, env.Store.UpdateEpisode(env.Ctx(), eps[0]))
	env.Advance(feedShowTTL / 2)
	if _, r := env.Get("/shows/daily/feed.rss"); r.Header().Get("ETag") != etag {
		t.Error("the show was read again before feedShowTTL passed")
	}
	env.Advance(feedShowTTL / 2)
	if body, r := env.Get("/shows/daily/feed.rss"); r.Header().Get("ETag") == etag || !strings.Contains(body, "Edited elsewhere") {
		t.Error("the change did not show after feedShowTTL")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestWebSub: feeds advertise the hub, and a change pings it, whether a
// listener's request or the background watcher notices it first.
func TestWebSub(t *testing.T) {
	pings := make(chan url.Values, 16)
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		v, _ := url.ParseQuery(string(b))
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			t.Errorf("hub got %s %s", r.Method, r.Header.Get("Content-Type"))
		}
		pings <- v
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hub.Close()
	env := newFeedEnv(t, httpx.Config{WebSubHub: hub.URL})
	_, eps := env.SeedShow("daily", 2)

	rss, _ := env.Get("/shows/daily/feed.rss")
	if !strings.Contains(rss, `<atom:link href="`+hub.URL+`" rel="hub">`) {
		t.Errorf("RSS does not advertise the hub:\n%s", rss)
	}
	atom, _ := env.Get("/shows/daily/feed.atom")
	jsonFeed, _ := env.Get("/shows/daily/feed.json")
	if !strings.Contains(atom, `rel="hub"`) || !strings.Contains(jsonFeed, `"WebSub"`) {
		t.Error("Atom or JSON does not advertise the hub")
	}
	expectPings := func(want ...string) {
		t.Helper()
		got := map[string]bool{}
		for range want {
			select {
			case v := <-pings:
				if v.Get("hub.mode") != "publish" {
					t.Errorf("hub.mode = %q", v.Get("hub.mode"))
				}
				got[v.Get("hub.url")] = true
			case <-time.After(5 * time.Second):
				t.Fatalf("no ping; got %v, want %v", got, want)
			}
		}
		for _, w := range want {
			if !got[w] {
				t.Errorf("no ping for %s (got %v)", w, got)
			}
		}
	}

	// The watcher's first look pings nothing; a change made since pings
	// each feed once, whether or not a request rendered it first.
	seen := map[feedKey][sha256.Size]byte{}
	env.srv.RefreshFeeds(env.Ctx(), seen)
	select {
	case v := <-pings:
		t.Fatalf("ping before any change: %v", v)
	case <-time.After(50 * time.Millisecond):
	}
	eps[0].Title = "Changed"
	must(t, env.Store.UpdateEpisode(env.Ctx(), eps[0]))
	env.Advance(feedShowTTL)
	env.Get("/shows/daily/feed.rss")
	env.srv.RefreshFeeds(env.Ctx(), seen)
	all := []string{"https://pod.example.com/shows/daily/feed.rss",
		"https://pod.example.com/shows/daily/feed.atom", "https://pod.example.com/shows/daily/feed.json"}
	expectPings(all...)
	env.srv.RefreshFeeds(env.Ctx(), seen)
	select {
	case v := <-pings:
		t.Fatalf("ping without a change: %v", v)
	case <-time.After(50 * time.Millisecond):
	}

	// A scheduled episode going live is a change too.
	must(t, env.Store.CreateEpisode(env.Ctx(), &catalog.Episode{ShowID: eps[0].ShowID, Title: "Later",
		Status: catalog.StatusPublished, PublishedAt: env.Now().Add(time.Hour),
		Audio: catalog.Audio{Key: "episodes/l/a.mp3", Size: 5, MIME: "audio/mpeg"}}))
	env.Advance(feedShowTTL)
	env.srv.RefreshFeeds(env.Ctx(), seen)
	select {
	case v := <-pings:
		t.Fatalf("ping for an episode not yet live: %v", v)
	case <-time.After(50 * time.Millisecond):
	}
	env.Advance(time.Hour)
	env.srv.RefreshFeeds(env.Ctx(), seen)
	expectPings(all...)

	// After a rename, subscribers of the old feed URLs hear of changes
	// too (they follow the 301); the new URLs are pinged as well.
	sh, err := env.Store.GetShowByID(env.Ctx(), eps[0].ShowID)
	must(t, err)
	sh.Slug = "morning"
	must(t, env.Store.UpdateShow(env.Ctx(), sh))
	env.Advance(feedShowTTL)
	env.srv.RefreshFeeds(env.Ctx(), seen)
	expectPings(append(all, "https://pod.example.com/shows/morning/feed.rss",
		"https://pod.example.com/shows/morning/feed.atom", "https://pod.example.com/shows/morning/feed.json")...)

	// A deleted show's feeds are forgotten, not remembered forever.
	must(t, env.Store.DeleteShow(env.Ctx(), eps[0].ShowID))
	env.srv.RefreshFeeds(env.Ctx(), seen)
	if len(seen) != 0 {
		t.Errorf("the watcher still remembers %d feeds of a deleted show", len(seen))
	}
}

func TestValidateEndpoint(t *testing.T) {
	env := newFeedEnv(t, httpx.Config{})
	sh, eps := env.SeedShow("daily", 2)
	secret, tok := catalog.NewToken("test")
	must(t, env.Store.CreateToken(env.Ctx(), tok))
	eps[1].Audio.MIME = "audio/ogg"
	must(t, env.Store.UpdateEpisode(env.Ctx(), eps[1]))

	if r := env.Do(http.MethodGet, "/api/v1/shows/daily/validate"); r.Code != http.StatusUnauthorized {
		t.Errorf("without a token: %d", r.Code)
	}
	r := env.Do(http.MethodGet, "/api/v1/shows/daily/validate", "Authorization", "Bearer "+secret)
	if r.Code != 200 {
		t.Fatalf("validate: %d %s", r.Code, r.Body)
	}
	var got struct {
		Errors   int
		Findings []struct{ Severity, Code, Episode, Fix string }
	}
	if err := json.Unmarshal(r.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	for _, f := range got.Findings {
		codes[f.Code] = f.Episode
		if f.Fix == "" {
			t.Errorf("finding %s has no fix", f.Code)
		}
	}
	if _, ok := codes["no_artwork"]; !ok || codes["enclosure_type"] != eps[1].GUID || got.Errors != 2 {
		t.Errorf("findings = %+v", got)
	}
	if r := env.Do(http.MethodGet, "/api/v1/shows/nope/validate", "Authorization", "Bearer "+secret); r.Code != 404 {
		t.Errorf("unknown show: %d", r.Code)
	}

	fs := env.srv.EpisodeFindings(sh, eps[1])
	if len(fs) != 1 || fs[0].Code != "enclosure_type" {
		t.Errorf("episodeFindings = %+v", fs)
	}
}

// NewEpisodeFindings, which checks a new episode alone, says what the whole
// show's check says about it.
func TestNewEpisodeFindings(t *testing.T) {
	t.Parallel()
	env := newFeedEnv(t, httpx.Config{})
	sh, eps := env.SeedShow("daily", 5)
	eps[2].Audio.MIME = "audio/ogg"
	must(t, env.Store.UpdateEpisode(env.Ctx(), eps[2]))
	all, err := env.srv.ShowFindings(env.Ctx(), sh)
	must(t, err)
	for _, e := range eps {
		var want []string
		for _, f := range all {
			if f.Episode == e.GUID {
				want = append(want, f.Code+": "+f.Message)
			}
		}
		var got []string
		for _, f := range env.srv.NewEpisodeFindings(env.Ctx(), sh, e) {
			got = append(got, f.Code+": "+f.Message)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: alone\n%s\nin the show\n%s", e.GUID, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if e == eps[2] && len(got) == 0 {
			t.Error("the ogg episode: no findings")
		}
	}
}
