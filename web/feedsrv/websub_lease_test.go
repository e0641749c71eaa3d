package feedsrv

import (
	"crypto/sha256"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/web/httpx"
)

// TestWebSubOneNode: two nodes on one store both watch the feeds; only the
// lease holder pings, each change once; when it stops, the other takes
// over after the lease runs out and pings the changes from then on.
func TestWebSubOneNode(t *testing.T) {
	var mu sync.Mutex
	var pings []string
	var wg sync.WaitGroup
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer wg.Done()
		b, _ := io.ReadAll(r.Body)
		v, _ := url.ParseQuery(string(b))
		mu.Lock()
		pings = append(pings, v.Get("hub.url"))
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hub.Close()
	env := newFeedEnv(t, httpx.Config{WebSubHub: hub.URL})
	blobs, err := media.NewLocal(filepath.Join(env.Dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	a := env.srv
	b := New(httpx.NewEnv(httpx.Config{BaseURL: "https://pod.example.com", WebSubHub: hub.URL}, env.Store, blobs, slog.New(slog.NewTextHandler(io.Discard, nil))))
	b.Now = env.Now
	_, eps := env.SeedShow("daily", 2)
	const ttl = time.Minute
	seenA, seenB := map[feedKey][sha256.Size]byte{}, map[feedKey][sha256.Size]byte{}
	tick := func(want int, nodes ...*Feeds) {
		t.Helper()
		mu.Lock()
		pings = nil
		mu.Unlock()
		wg.Add(want) // pings past want show in the count below
		for _, n := range nodes {
			if n == a {
				a.watchTick(env.Ctx(), "A", ttl, seenA)
			} else {
				b.watchTick(env.Ctx(), "B", ttl, seenB)
			}
		}
		wg.Wait()
		time.Sleep(50 * time.Millisecond) // room for a ping too many
		mu.Lock()
		defer mu.Unlock()
		if len(pings) != want {
			t.Errorf("%d pings, want %d: %v", len(pings), want, pings)
		}
	}
	change := func(title string) {
		eps[0].Title = title
		must(t, env.Store.UpdateEpisode(env.Ctx(), eps[0]))
		env.Advance(feedShowTTL)
	}

	tick(0, a, b) // A takes the lease; first look
	change("One")
	tick(3, a, b) // three feeds changed: A pings each once, B nothing
	change("Two")
	env.Advance(ttl / 2)
	tick(3, b, a) // A still holds it, whoever looks first
	// A stops. B takes over once A's lease has run out; its first look
	// pings nothing, the next change is pinged once.
	env.Advance(ttl / 2)
	tick(0, b)
	env.Advance(ttl)
	tick(0, b)
	change("Three")
	tick(3, b)
}
