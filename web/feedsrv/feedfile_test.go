package feedsrv

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// TestLargeFeedFromFile: a feed over fileBodyMin is sent from its file
// (sendfile) over real connections, many at once, byte for byte the same
// as the rendered body, also after clients that hung up halfway and after
// the entry was replaced.
func TestLargeFeedFromFile(t *testing.T) {
	t.Parallel()
	env := newFeedEnv(t, httpx.Config{})
	env.SeedShow("big", 600)
	ts := httptest.NewServer(env.H)
	defer ts.Close()
	get := func() []byte {
		req, _ := http.NewRequest("GET", ts.URL+"/shows/big/feed.rss", nil)
		req.Header.Set("Accept-Encoding", "identity")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return nil
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil || res.StatusCode != 200 || res.ContentLength != int64(len(b)) {
			t.Errorf("GET: %d, %d of %d bytes, %v", res.StatusCode, len(b), res.ContentLength, err)
		}
		return b
	}
	want := get()
	if len(want) < fileBodyMin {
		t.Fatalf("the feed is %d bytes, want at least %d for this test", len(want), fileBodyMin)
	}
	ent, err := env.srv.feedBytes(env.Ctx(), mustShow(t, env, "big"), feedRSS)
	if err != nil || ent.file == nil || !bytes.Equal(ent.plain, want) || readerFrom(httptest.NewRecorder()) != nil {
		t.Fatalf("entry: %v, file %v", err, ent != nil && ent.file != nil)
	}
	// Clients that hang up after the first bytes.
	for range 3 {
		c, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(c, "GET /shows/big/feed.rss HTTP/1.1\r\nHost: x\r\n\r\n")
		c.Read(make([]byte, 1000))
		c.Close()
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 4 {
				if got := get(); !bytes.Equal(got, want) {
					t.Error("a concurrent GET got other bytes")
				}
			}
		})
	}
	wg.Wait()
	ent.file.release() // as when the entry leaves the cache
	if got := get(); !bytes.Equal(got, want) {
		t.Error("GET after release got other bytes")
	}
}

func mustShow(t *testing.T, env *feedEnv, slug string) *catalog.Show {
	t.Helper()
	sh, err := env.Store.GetShow(env.Ctx(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return sh
}
