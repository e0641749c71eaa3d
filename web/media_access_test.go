package web

import (
	"bytes"
	"net/http"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/web/httpx"
)

// accessEnv is a mediaEnv with a live, a draft and a scheduled episode
// (audio and artwork each), show artwork, and the credentials of every
// kind of requester.
type accessEnv struct {
	*mediaEnv
	live, draft, scheduled *catalog.Episode
	art                    map[string]string // episode id -> its artwork key
	showArt                string
	audio                  []byte
	who                    map[string]map[string]string // requester -> headers
}

func newAccessEnv(t *testing.T, opts ...func(*Config)) *accessEnv {
	e := &accessEnv{mediaEnv: newMediaEnv(t, opts...), art: map[string]string{},
		audio: testmedia.RandomBytes(4096+16000*70, 11)} // 70 s: a whole GET is a download
	ctx := t.Context()
	e.live = e.episode("Live", e.audio)
	e.draft = e.episode("Draft", e.audio)
	e.draft.Status = catalog.StatusDraft
	e.scheduled = e.episode("Scheduled", e.audio)
	e.scheduled.PublishedAt = e.clock.Add(time.Hour)
	for _, ep := range []*catalog.Episode{e.live, e.draft, e.scheduled} {
		e.art[ep.ID] = e.put("episodes/"+ep.ID+"/art-"+catalog.NewID()+".png", []byte("\x89PNG episode art"))
		ep.ArtworkKey, ep.ArtworkMIME = e.art[ep.ID], "image/png"
		if err := e.store.UpdateEpisode(ctx, ep); err != nil {
			t.Fatal(err)
		}
	}
	e.showArt = e.put("shows/"+e.show.ID+"/"+catalog.NewID()+".png", []byte("\x89PNG show art"))

	other := &catalog.Show{Slug: "other", Title: "Other", Language: "en", Categories: []string{"News"}}
	if err := e.store.CreateShow(ctx, other); err != nil {
		t.Fatal(err)
	}
	cookie := func(role string, shows []string, expires time.Time) map[string]string {
		u := &catalog.User{Email: catalog.NewID() + "@example.test", PasswordHash: "x", Role: role, ShowIDs: shows}
		if err := e.store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		secret := httpx.NewSecret()
		sess := &catalog.Session{Hash: httpx.HashSecret(secret), UserID: u.ID, CreatedAt: e.clock, ExpiresAt: expires}
		if err := e.store.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		return map[string]string{"Cookie": httpx.SessionCookie + "=" + secret}
	}
	e.who = map[string]map[string]string{
		"anonymous":          nil,
		"API token":          {"Authorization": "Bearer " + e.token()},
		"unknown token":      {"Authorization": "Bearer onair_nosuchtoken"},
		"admin session":      cookie(catalog.RoleAdmin, nil, e.clock.Add(time.Hour)),
		"editor of the show": cookie(catalog.RoleEditor, []string{e.show.ID}, e.clock.Add(time.Hour)),
		"editor of another":  cookie(catalog.RoleEditor, []string{other.ID}, e.clock.Add(time.Hour)),
		"expired session":    cookie(catalog.RoleAdmin, nil, e.clock.Add(-time.Minute)),
		"unknown session":    {"Cookie": httpx.SessionCookie + "=" + httpx.NewSecret()},
	}
	return e
}

// get fetches a blob as who, from a podcast app so that downloads count.
func (e *accessEnv) get(method, key, who string) (*http.Response, []byte) {
	hdr := map[string]string{"User-Agent": "Overcast/3.0"}
	for k, v := range e.who[who] {
		hdr[k] = v
	}
	return e.do(method, "/media/"+key, hdr)
}

func (e *accessEnv) put(key string, b []byte) string {
	e.t.Helper()
	if _, err := e.blobs.Put(e.t.Context(), key, bytes.NewReader(b)); err != nil {
		e.t.Fatal(err)
	}
	return key
}

// mayPreview are the requesters allowed to see episodes that are not live.
var mayPreview = map[string]bool{"API token": true, "admin session": true, "editor of the show": true}

// TestMediaNotLive: the audio and artwork of a draft or scheduled episode
// are a 404 exactly like an unknown key's, except for a publisher who may
// see the episode, who gets them uncacheable; live media and show artwork
// are public as before; previews count no downloads.
func TestMediaNotLive(t *testing.T) {
	t.Parallel()
	e := newAccessEnv(t)
	// An unknown episode and a missing blob of a live one: the 404s
	// that media not live yet must look like.
	unknown, unknownBody := e.get("GET", "episodes/nosuchepisd/"+catalog.NewID()+".mp3", "anonymous")
	missing, missingBody := e.get("GET", "episodes/"+e.live.ID+"/"+catalog.NewID()+".mp3", "anonymous")
	if unknown.StatusCode != 404 || missing.StatusCode != 404 || !bytes.Equal(unknownBody, missingBody) {
		t.Fatalf("unknown key: %d %s; missing blob: %d %s; want the same 404", unknown.StatusCode, unknownBody, missing.StatusCode, missingBody)
	}
	type blob struct {
		name   string
		key    string
		public bool
	}
	blobs := []blob{
		{"live audio", e.live.Audio.Key, true},
		{"live artwork", e.art[e.live.ID], true},
		{"show artwork", e.showArt, true},
		{"draft audio", e.draft.Audio.Key, false},
		{"draft artwork", e.art[e.draft.ID], false},
		{"scheduled audio", e.scheduled.Audio.Key, false},
		{"scheduled artwork", e.art[e.scheduled.ID], false},
	}
	for _, b := range blobs {
		for who := range e.who {
			for _, method := range []string{"GET", "HEAD"} {
				res, body := e.get(method, b.key, who)
				cc := res.Header.Get("Cache-Control")
				switch {
				case b.public:
					if res.StatusCode != 200 || cc != "public, max-age=31536000, immutable" {
						t.Errorf("%s, %s %s: %d Cache-Control %q; want 200 %q", b.name, who, method, res.StatusCode, cc, "public, max-age=31536000, immutable")
					}
				case mayPreview[who]:
					if res.StatusCode != 200 || cc != "private, no-store" {
						t.Errorf("%s, %s %s: %d Cache-Control %q; want 200, private", b.name, who, method, res.StatusCode, cc)
					}
					if method == "GET" && b.key == e.draft.Audio.Key && !bytes.Equal(body, e.audio) {
						t.Errorf("%s, %s: %d bytes, not the audio", b.name, who, len(body))
					}
				default:
					if res.StatusCode != 404 || cc != "no-store" || res.Header.Get("Content-Type") != unknown.Header.Get("Content-Type") {
						t.Errorf("%s, %s %s: %d Cache-Control %q Content-Type %q; want the 404 of an unknown key",
							b.name, who, method, res.StatusCode, cc, res.Header.Get("Content-Type"))
					}
					if method == "GET" && !bytes.Equal(body, unknownBody) {
						t.Errorf("%s, %s: body %s, want the unknown key's %s", b.name, who, body, unknownBody)
					}
				}
			}
		}
	}
	e.flush()
	// Only the live audio counted: one download per listener address
	// and app, and every GET here came from one address and app.
	if got := e.rec.Counted(); got != 1 {
		t.Errorf("%d downloads counted, want 1 (the live episode's)", got)
	}
}

// TestMediaScheduledGoesLive: a scheduled episode's audio is a 404 until
// its time, then public, cacheable and counted, with nothing to wait for.
func TestMediaScheduledGoesLive(t *testing.T) {
	t.Parallel()
	e := newAccessEnv(t)
	key := e.scheduled.Audio.Key
	if res, _ := e.get("GET", key, "anonymous"); res.StatusCode != 404 {
		t.Fatalf("before its time: %d, want 404", res.StatusCode)
	}
	if res, _ := e.get("GET", key, "API token"); res.StatusCode != 200 {
		t.Fatalf("publisher before its time: %d, want 200", res.StatusCode)
	}
	e.flush()
	if got := e.rec.Counted(); got != 0 {
		t.Fatalf("%d downloads counted before the episode was live", got)
	}
	e.clock = e.scheduled.PublishedAt
	res, body := e.get("GET", key, "anonymous")
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !bytes.Equal(body, e.audio) {
		t.Fatalf("at its time: %d Cache-Control %q, %d bytes", res.StatusCode, res.Header.Get("Cache-Control"), len(body))
	}
	e.flush()
	if got := e.rec.Counted(); got != 1 {
		t.Errorf("%d downloads counted once live, want 1", got)
	}
}

// TestMediaRedirectNotLive: with --media-redirect no presigned or CDN URL
// is handed out for media that is not live: anyone else gets the 404, and
// a publisher gets the bytes from the node itself, never cached.
func TestMediaRedirectNotLive(t *testing.T) {
	t.Parallel()
	e := newAccessEnv(t, func(c *Config) { c.MediaRedirect, c.MediaBaseURL = true, "https://cdn.example" })
	e.ts.Client().CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, tc := range []struct {
		name, key, who string
		status         int
	}{
		{"live audio", e.live.Audio.Key, "anonymous", 302},
		{"show artwork", e.showArt, "anonymous", 302},
		{"draft audio", e.draft.Audio.Key, "anonymous", 404},
		{"draft artwork", e.art[e.draft.ID], "editor of another", 404},
		{"scheduled audio", e.scheduled.Audio.Key, "unknown token", 404},
		{"draft audio", e.draft.Audio.Key, "API token", 200},
		{"scheduled artwork", e.art[e.scheduled.ID], "editor of the show", 200},
	} {
		res, body := e.get("GET", tc.key, tc.who)
		loc := res.Header.Get("Location")
		if res.StatusCode != tc.status || (tc.status == 302) != (loc != "") {
			t.Errorf("%s, %s: %d Location %q; want %d", tc.name, tc.who, res.StatusCode, loc, tc.status)
		}
		if tc.status == 200 && (res.Header.Get("Cache-Control") != "private, no-store" || (tc.key == e.draft.Audio.Key && !bytes.Equal(body, e.audio))) {
			t.Errorf("%s, %s: Cache-Control %q, %d bytes; want the bytes, private", tc.name, tc.who, res.Header.Get("Cache-Control"), len(body))
		}
	}
	e.flush()
	if got := e.rec.Counted(); got != 1 {
		t.Errorf("%d downloads counted, want 1 (the live episode's)", got)
	}
}
