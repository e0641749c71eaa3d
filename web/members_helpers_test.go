package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/feedtest"
	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/web/api"
)

// membersEnv is a show with public episodes, a members-only episode and an
// early-access one (members now, everyone in two hours), with real blobs
// behind every audio key, and an API token.
type membersEnv struct {
	*feedEnv
	t       *testing.T
	token   string
	show    *catalog.Show
	public  []*catalog.Episode
	members *catalog.Episode // members only, for good
	early   *catalog.Episode // members now, public at T0+2h
}

func newMembersEnv(t *testing.T, cfg Config) *membersEnv {
	t.Helper()
	env := newFeedEnv(t, cfg)
	sh, eps := env.SeedShow("daily", 2)
	e := &membersEnv{feedEnv: env, t: t, show: sh, public: eps}
	ctx := context.Background()
	audio := testmedia.RandomBytes(64<<10, 7)
	for _, ep := range eps {
		e.giveAudio(ep, audio)
	}
	mk := func(title string, at, publicAt time.Time) *catalog.Episode {
		ep := &catalog.Episode{ShowID: sh.ID, Title: title, Description: "<p>For members</p>",
			Status: catalog.StatusPublished, PublishedAt: at, Type: catalog.EpisodeFull,
			Visibility: catalog.VisibilityMembers, PublicAt: publicAt}
		must(t, env.Store.CreateEpisode(ctx, ep))
		e.giveAudio(ep, audio)
		return ep
	}
	e.members = mk("Members: the inside story", feedtest.T0.Add(-30*time.Minute), time.Time{})
	e.early = mk("Early: tomorrow's news today", feedtest.T0.Add(-10*time.Minute), feedtest.T0.Add(2*time.Hour))
	secret, tok := catalog.NewToken("test")
	must(t, env.Store.CreateToken(ctx, tok))
	e.token = secret
	e.show, _ = env.Store.GetShow(ctx, "daily")
	return e
}

// giveAudio stores audio under a key of ep's and points ep at it.
func (e *membersEnv) giveAudio(ep *catalog.Episode, audio []byte) {
	key := "episodes/" + ep.ID + "/" + catalog.NewID() + ".mp3"
	_, err := e.srv.Blobs.Put(context.Background(), key, bytes.NewReader(audio))
	must(e.t, err)
	ep.Audio = catalog.Audio{Key: key, Size: int64(len(audio)), MIME: "audio/mpeg", Duration: time.Minute}
	must(e.t, e.Store.UpdateEpisode(context.Background(), ep))
}

// api sends a JSON request with the token and decodes the answer into out.
func (e *membersEnv) api(method, path string, body any, out any) *httptest.ResponseRecorder {
	e.t.Helper()
	var rd *bytes.Reader
	if s, ok := body.(string); ok {
		rd = bytes.NewReader([]byte(s))
	} else if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	var req *http.Request
	if rd != nil {
		req = httptest.NewRequest(method, path, rd)
		req.Header.Set("Content-Type", "application/json")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	rec := httptest.NewRecorder()
	e.H.ServeHTTP(rec, req)
	if out != nil && rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			e.t.Fatalf("%s %s: %d %s: %v", method, path, rec.Code, rec.Body, err)
		}
	}
	return rec
}

// subscribe creates a subscriber through the API and returns them with
// their feed's path.
func (e *membersEnv) subscribe(extID string) (api.SubscriberJSON, string) {
	e.t.Helper()
	var sub api.SubscriberJSON
	rec := e.api("POST", "/api/v1/shows/daily/subscribers", map[string]any{
		"email": extID + "@example.com", "name": "Member " + extID, "external_id": extID}, &sub)
	if rec.Code != http.StatusCreated || sub.FeedURL == "" {
		e.t.Fatalf("subscribe: %d %s", rec.Code, rec.Body)
	}
	return sub, feedPath(e.t, sub.FeedURL)
}

// feedPath is the path of an absolute URL.
func feedPath(t *testing.T, u string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	if p.RawQuery != "" {
		return p.Path + "?" + p.RawQuery
	}
	return p.Path
}

// parseFeed parses an RSS body with gofeed.
func parseFeed(t *testing.T, body string) *gofeed.Feed {
	t.Helper()
	f, err := gofeed.NewParser().ParseString(body)
	if err != nil {
		t.Fatalf("parse feed: %v\n%s", err, body)
	}
	return f
}

// titles lists a feed's item titles.
func titles(f *gofeed.Feed) string {
	var out []string
	for _, it := range f.Items {
		out = append(out, it.Title)
	}
	return strings.Join(out, " | ")
}
