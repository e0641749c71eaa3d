package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/postgres"
	"github.com/onair-fm/onair/catalog/postgres/pgtest"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/web/api"
)

// Two nodes on one PostgreSQL catalog, the second listening for change
// notifications as onair serve does: a subscriber revoked through the
// first gets 410 from the second well within a second, on real clocks.
func TestPrivateFeedRevocationNotified(t *testing.T) {
	t.Parallel()
	dsn := pgtest.DSN(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	blobs, err := media.NewLocal(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var nodes [2]*httptest.Server
	var stores [2]*postgres.Store
	var srvs [2]*Server
	for i := range nodes {
		st, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		stores[i] = st
		srvs[i] = New(Config{BaseURL: "https://pod.example.com"}, st, blobs, log)
		nodes[i] = httptest.NewServer(srvs[i].Handler())
		t.Cleanup(nodes[i].Close)
	}
	heard := make(chan string, 64)
	go stores[1].Listen(ctx, func(id string) {
		srvs[1].ShowChanged(id)
		select {
		case heard <- id:
		default:
		}
	})
	sh := &catalog.Show{Slug: "daily", Title: "Daily", Language: "en", Type: catalog.ShowEpisodic}
	must(t, stores[0].CreateShow(ctx, sh))
	// The second node's listener may not be listening yet: change the
	// show until it hears (the channel is the database's, so it hears
	// other tests' shows too).
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	timeout := time.After(10 * time.Second)
	for listening := false; !listening; {
		select {
		case id := <-heard:
			listening = id == sh.ID
		case <-tick.C:
			sh.Title += "!"
			must(t, stores[0].UpdateShow(ctx, sh))
		case <-timeout:
			t.Fatal("the second node's listener heard nothing in 10 s")
		}
	}
	secret, tok := catalog.NewToken("t")
	must(t, stores[0].CreateToken(ctx, tok))
	req, _ := http.NewRequest("POST", nodes[0].URL+"/api/v1/shows/daily/subscribers", strings.NewReader(`{"email":"a@example.com"}`))
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	var sub api.SubscriberJSON
	json.NewDecoder(resp.Body).Decode(&sub)
	resp.Body.Close()
	path := strings.TrimPrefix(sub.FeedURL, "https://pod.example.com")
	get := func() int {
		resp, err := http.Get(nodes[1].URL + path)
		must(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := get(); c != 200 {
		t.Fatalf("second node: %d", c)
	}
	req, _ = http.NewRequest("DELETE", nodes[0].URL+"/api/v1/subscribers/"+sub.ID, nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err = http.DefaultClient.Do(req)
	must(t, err)
	resp.Body.Close()
	revoked := time.Now()
	for get() != http.StatusGone {
		if time.Since(revoked) > time.Second {
			t.Fatal("the second node still serves the revoked feed a second later")
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("revoked on the second node after %v", time.Since(revoked))
}
