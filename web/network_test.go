package web

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/web/api"
)

func TestAPIShowNetwork(t *testing.T) { forBackends(t, testAPIShowNetwork) }

// testAPIShowNetwork: the paging, ownership, measurement and network fields
// go in through the API and out in its answers and the feed; bad values
// are 422 and change nothing.
func testAPIShowNetwork(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	other := e.createShow("other")
	var sh api.ShowJSON
	st := e.json("POST", "/api/v1/shows", map[string]any{
		"slug": "daily", "title": "Daily", "owner_email": "desk@example.com", "categories": []string{"News"},
		"feed_limit": 2, "txt": []map[string]string{{"purpose": "applepodcastsverify", "value": "abc"}},
		"hide_owner_email": true, "locked": true, "locked_owner": "locks@example.com",
		"analytics_prefixes": []string{"https://op3.dev/e/", "https://dts.podtrac.com/redirect.mp3/"},
		"podroll":            []map[string]string{{"show": "other"}, {"feed_url": "https://feeds.example.org/x.xml"}},
		"medium":             "podcast",
	}, &sh)
	if st != http.StatusCreated {
		t.Fatalf("create: %d", st)
	}
	if sh.FeedLimit != 2 || len(sh.TXT) != 1 || !sh.HideOwnerEmail || sh.LockedOwner != "locks@example.com" ||
		len(sh.AnalyticsPrefixes) != 2 || len(sh.Podroll) != 2 || sh.Podroll[0].ShowID != other.ID || sh.Medium != "podcast" ||
		sh.OwnerEmailUntil != nil {
		t.Errorf("created show: %+v", sh)
	}
	for _, f := range []string{"mp3_cbr_id3v23_apic.mp3", "mp3_vbr_xing.mp3", "mp3_mpeg2_22k_mono.mp3"} {
		e.uploadOK("daily", testmedia.Fixture(t, f))
	}
	feed := func() string {
		_, b := e.do("GET", "/shows/daily/feed.rss", "", nil)
		return string(b)
	}
	body := feed()
	f, err := gofeed.NewParser().ParseString(body)
	if err != nil || len(f.Items) != 2 {
		t.Fatalf("feed: %v, %d items", err, len(f.Items))
	}
	for _, want := range []string{`<podcast:txt purpose="applepodcastsverify">abc</podcast:txt>`,
		`<podcast:locked owner="locks@example.com">yes</podcast:locked>`, `<podcast:medium>podcast</podcast:medium>`,
		`feedGuid="` + other.GUID + `"`, `rel="next"`, `url="https://op3.dev/e/dts.podtrac.com/redirect.mp3/pod.example.com/media/`} {
		if !strings.Contains(body, want) {
			t.Errorf("feed lacks %s", want)
		}
	}
	if strings.Contains(body, "desk@example.com") {
		t.Error("hidden owner email in the feed")
	}

	// The verification window: the email is in the feed at once.
	if st := e.json("POST", "/api/v1/shows/daily/owner-email-window", nil, &sh); st != http.StatusOK || sh.OwnerEmailUntil == nil {
		t.Fatalf("owner email window: %d %+v", st, sh.OwnerEmailUntil)
	}
	if !strings.Contains(feed(), "<itunes:email>desk@example.com</itunes:email>") {
		t.Error("owner email not in the feed during its window")
	}
	if st, b := e.do("POST", "/api/v1/shows/other/owner-email-window", "", nil); st != http.StatusUnprocessableEntity {
		t.Errorf("window for a show that does not hide its email: %d %s", st, b)
	}

	before := e.snapshot()
	for _, bad := range []map[string]any{
		{"feed_limit": -1},
		{"medium": "radio"},
		{"analytics_prefixes": []string{"https://op3.dev/e"}},
		{"analytics_prefixes": []string{"op3.dev/e/"}},
		{"analytics_prefixes": []string{"https://x.example/?a=1/"}},
		{"podroll": []map[string]string{{"show": "nope"}}},
		{"podroll": []map[string]string{{"show": "daily"}}},
		{"podroll": []map[string]string{{"feed_guid": "not-a-uuid"}}},
		{"podroll": []map[string]string{{}}},
		{"txt": []map[string]string{{"value": strings.Repeat("x", 4001)}}},
		{"txt": []map[string]string{{"purpose": "p"}}},
		{"locked_owner": "not an email"},
		{"owner_email": ""},
	} {
		st, b := e.do("PATCH", "/api/v1/shows/daily", "application/json", strings.NewReader(mustJSON(t, bad)))
		wantErr(t, st, b, http.StatusUnprocessableEntity, "invalid")
	}
	if after := e.snapshot(); after != before {
		t.Error("refused changes changed the catalog")
	}
	var got api.ShowJSON
	e.json("GET", "/api/v1/shows/daily", nil, &got)
	if got.FeedLimit != 2 || got.Medium != "podcast" || len(got.Podroll) != 2 {
		t.Errorf("show after refused changes: %+v", got)
	}
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAPISoundbites(t *testing.T) { forBackends(t, testAPISoundbites) }

func testAPISoundbites(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("bites")
	ep := e.uploadOK("bites", testmedia.Fixture(t, "mp3_vbr_xing.mp3"))
	path := "/api/v1/episodes/" + ep.ID + "/soundbites"
	var got api.EpisodeJSON
	st := e.json("PUT", path, map[string]any{"soundbites": []map[string]any{
		{"start": 0.5, "duration": 1.25, "title": "  The\nvote  "}, {"start": 0, "duration": 1}}}, &got)
	if st != http.StatusOK || len(got.Soundbites) != 2 || got.Soundbites[0].Title != "The vote" || got.Soundbites[0].Start != 0.5 || got.Soundbites[0].Duration != 1.25 {
		t.Fatalf("PUT soundbites: %d %+v", st, got.Soundbites)
	}
	_, b := e.do("GET", "/shows/bites/feed.rss", "", nil)
	if !strings.Contains(string(b), `<podcast:soundbite startTime="0.5" duration="1.25">The vote</podcast:soundbite>`) {
		t.Errorf("feed lacks the soundbite:\n%s", b)
	}
	before := e.snapshot()
	for _, bad := range []string{
		`{"soundbites": [{"start": 0, "duration": 0}]}`,
		`{"soundbites": [{"start": -1, "duration": 1}]}`,
		`{"soundbites": [{"start": 0, "duration": 100000}]}`,
		`{"soundbites": [{"start": 0, "duration": 1, "title": "` + strings.Repeat("x", 129) + `"}]}`,
		`{}`,
	} {
		st, b := e.do("PUT", path, "application/json", strings.NewReader(bad))
		wantErr(t, st, b, http.StatusUnprocessableEntity, "invalid")
	}
	st, b = e.do("PUT", path, "application/json", strings.NewReader(`{"soundbites": [{"start": "x"}]}`))
	wantErr(t, st, b, http.StatusBadRequest, "bad_request")
	st, b = e.do("PUT", "/api/v1/episodes/nope/soundbites", "application/json", strings.NewReader(`{"soundbites": []}`))
	wantErr(t, st, b, http.StatusNotFound, "not_found")
	if e.snapshot() != before {
		t.Error("refused soundbites changed the catalog")
	}
	e.json("PUT", path, map[string]any{"soundbites": []any{}}, &got)
	if len(got.Soundbites) != 0 {
		t.Errorf("soundbites not cleared: %+v", got.Soundbites)
	}
}

// TestCountingBehindPrefixes: with two measurement prefixes in front of its
// enclosures (redirectors as OP3 and Podtrac run them), a podcast app that
// follows the feed's enclosure URL through both lands on onair, which
// still counts the download.
func TestCountingBehindPrefixes(t *testing.T) {
	t.Parallel()
	e := newMediaEnv(t)
	body := testmedia.RandomBytes(4096+16000*120, 5) // two minutes
	ep := e.episode("Behind prefixes", body)
	// A redirector strips its prefix and sends the client to what follows,
	// as https unless the target names its scheme (here http, as the test
	// server speaks it).
	var hops []string
	redirector := func(prefix string) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rest, ok := strings.CutPrefix(r.URL.Path, prefix)
			if !ok {
				http.NotFound(w, r)
				return
			}
			hops = append(hops, r.Host+r.URL.Path)
			if !strings.HasPrefix(rest, "http://") {
				rest = "http://" + rest
			}
			http.Redirect(w, r, rest, http.StatusFound)
		}))
	}
	op3, podtrac := redirector("/e/"), redirector("/redirect.mp3/")
	defer op3.Close()
	defer podtrac.Close()
	e.show.AnalyticsPrefixes = []string{op3.URL + "/e/", podtrac.URL + "/redirect.mp3/"}
	if err := e.store.UpdateShow(t.Context(), e.show); err != nil {
		t.Fatal(err)
	}
	_, feed := e.do("GET", "/shows/news/feed.rss", nil)
	f, err := gofeed.NewParser().ParseString(string(feed))
	if err != nil || len(f.Items) != 1 || len(f.Items[0].Enclosures) != 1 {
		t.Fatalf("feed: %v", err)
	}
	enc := f.Items[0].Enclosures[0].URL
	if want := op3.URL + "/e/" + strings.TrimPrefix(podtrac.URL, "http://") + "/redirect.mp3/example.test/media/" + ep.Audio.Key; enc != want {
		t.Fatalf("enclosure %q, want %q", enc, want)
	}
	// example.test is the onair server.
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr == "example.test:80" {
			addr = e.ts.Listener.Addr().String()
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}}
	req, _ := http.NewRequestWithContext(t.Context(), "GET", enc, nil)
	req.Header.Set("User-Agent", "AppleCoreMedia/1.0.0.21E236 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || len(got) != len(body) || len(hops) != 2 {
		t.Fatalf("through the prefixes: %d, %d bytes, hops %v", res.StatusCode, len(got), hops)
	}
	e.flush()
	var rep analytics.Report
	e.getJSON("/api/v1/shows/news/stats?by=episode&from=2026-03-01&to=2026-03-05", e.token(), &rep)
	if rep.Total != 1 {
		t.Errorf("downloads behind prefixes: %d, want 1 (%s)", rep.Total, fmt.Sprint(rep.Rows))
	}
}

// TestNetworkPage: /network lists every show with its feeds and the shows
// it recommends; /network.opml lists their RSS feeds for podcast apps.
func TestNetworkPage(t *testing.T) {
	t.Parallel()
	e := newAPI(t)
	e.createShow("alpha")
	e.createShow("beta")
	if st := e.json("PATCH", "/api/v1/shows/alpha", map[string]any{"podroll": []map[string]string{
		{"show": "beta"}, {"feed_url": "https://feeds.example.org/x.xml", "title": "Elsewhere"}}}, nil); st != http.StatusOK {
		t.Fatalf("podroll: %d", st)
	}
	st, b := e.doAuth("GET", "/network", "", nil, "")
	page := string(b)
	if st != http.StatusOK {
		t.Fatalf("/network: %d", st)
	}
	for _, want := range []string{"Show alpha", "Show beta", testBaseURL + "/shows/beta/feed.rss",
		`Recommends: <a href="` + testBaseURL + `/shows/beta">Show beta</a>, <a href="https://feeds.example.org/x.xml">Elsewhere</a>`,
		`type="text/x-opml"`} {
		if !strings.Contains(page, want) {
			t.Errorf("/network lacks %s", want)
		}
	}
	if _, home := e.doAuth("GET", "/", "", nil, ""); !strings.Contains(string(home), `href="`+testBaseURL+`/network"`) {
		t.Error("the home page does not link the network page")
	}
	st, b = e.doAuth("GET", "/network.opml", "", nil, "")
	var doc struct {
		Outlines []struct {
			Type   string `xml:"type,attr"`
			XMLURL string `xml:"xmlUrl,attr"`
		} `xml:"body>outline"`
	}
	if err := xml.Unmarshal(b, &doc); st != http.StatusOK || err != nil || len(doc.Outlines) != 2 ||
		doc.Outlines[0].XMLURL != testBaseURL+"/shows/alpha/feed.rss" || doc.Outlines[0].Type != "rss" {
		t.Errorf("/network.opml: %d %v %+v", st, err, doc)
	}
}
