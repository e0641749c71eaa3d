package importer

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestPrivateAddr(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		addr    string
		private bool
	}{
		{"127.0.0.1", true}, {"10.1.2.3", true}, {"172.16.0.1", true}, {"192.168.1.1", true},
		{"169.254.169.254", true}, {"100.64.0.1", true}, {"0.0.0.0", true}, {"::1", true},
		{"fe80::1", true}, {"fc00::1", true}, {"::ffff:127.0.0.1", true}, {"fd00:ec2::254", true},
		{"168.63.129.16", true}, {"224.0.0.1", true}, {"64:ff9b::7f00:1", true},
		{"93.184.216.34", false}, {"2606:2800:220:1:248:1893:25c8:1946", false}, {"8.8.8.8", false},
	} {
		if got := PrivateAddr(netip.MustParseAddr(tc.addr)); got != tc.private {
			t.Errorf("PrivateAddr(%s) = %v", tc.addr, got)
		}
	}
}

// TestGuardRefusesPrivate: with the guard on, a feed on loopback is
// refused, by address and by a name that resolves there (localhost), and
// so is a redirect to it; the flag allows it.
func TestGuardRefusesPrivate(t *testing.T) {
	t.Parallel()
	srv := hostServer(t)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	guarded := newEnv(t, true)
	for _, u := range []string{srv.URL + "/feeds/libsyn.xml", "http://localhost:" + itoa(port) + "/feeds/libsyn.xml"} {
		rep, err := guarded.imp.Run(guarded.ctx, Options{FeedURL: u, Show: "s"}, nil)
		if !errors.Is(err, ErrPrivateAddress) || !strings.Contains(rep.Error, "private") {
			t.Errorf("%s: err %v, report error %q", u, err, rep.Error)
		}
	}
	if _, err := guarded.store.GetShow(guarded.ctx, "s"); err == nil {
		t.Error("a refused import created the show")
	}
	// A public-looking first hop cannot exist in a test, so the redirect
	// check is the dialer's: every hop dials through the same guard.
	redirect := httptest.NewServer(http.RedirectHandler(srv.URL+"/feeds/libsyn.xml", http.StatusFound))
	defer redirect.Close()
	if _, err := guarded.imp.FetchFeed(guarded.ctx, redirect.URL); !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("redirect: %v", err)
	}
	open := newEnv(t, false)
	if _, err := open.imp.FetchFeed(open.ctx, redirect.URL); err != nil {
		t.Errorf("allowed: %v", err)
	}
}

func TestRedirectCap(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		http.Redirect(w, r, "/again", http.StatusFound)
	}))
	defer srv.Close()
	e := newEnv(t, false)
	_, err := e.imp.FetchFeed(e.ctx, srv.URL)
	if err == nil || !strings.Contains(err.Error(), "redirects") || n.Load() > int32(DefaultLimits.MaxRedirects+1) {
		t.Errorf("err %v after %d requests", err, n.Load())
	}
}

// TestDownloadResumes: a connection that drops mid-file is resumed with a
// Range request, and the bytes come out whole.
func TestDownloadResumes(t *testing.T) {
	t.Parallel()
	data := make([]byte, 300_000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	var drops atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Range") == "" && drops.Add(1) <= 1 {
			w.Header().Set("Content-Length", itoa(len(data)))
			w.Header().Set("ETag", `"v1"`)
			w.WriteHeader(http.StatusOK)
			w.Write(data[:100_000])
			w.(http.Flusher).Flush()
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		w.Header().Set("ETag", `"v1"`)
		http.ServeContent(w, r, "a.mp3", time.Time{}, strings.NewReader(string(data)))
	}))
	defer srv.Close()
	d, err := openDownload(t.Context(), NewClient(true, DefaultLimits), srv.URL, 1<<20, DefaultLimits, 3)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(d)
	d.Close()
	if err != nil || string(got) != string(data) || d.Resumes != 1 {
		t.Errorf("err %v, %d bytes, %d resumes", err, len(got), d.Resumes)
	}
	small, err := openDownload(t.Context(), NewClient(true, DefaultLimits), srv.URL, 1000, DefaultLimits, 3)
	if err == nil {
		_, err = io.ReadAll(small)
		small.Close()
	}
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the cap: %v", err)
	}
}

// TestFailedItemDoesNotStopOthers: an enclosure that is gone fails its
// item only; a re-run, once it is back, imports it.
func TestFailedItemDoesNotStopOthers(t *testing.T) {
	t.Parallel()
	var gone atomic.Bool
	gone.Store(true)
	hosts := hostServer(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if gone.Load() && strings.HasSuffix(r.URL.Path, "mp3_vbr_xing.mp3") {
			http.Error(w, "gone", http.StatusGone)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/feeds/") {
			resp, err := http.Get(hosts.URL + r.URL.RequestURI())
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			w.Write([]byte(strings.ReplaceAll(string(b), hosts.URL, "http://"+r.Host)))
			return
		}
		http.Redirect(w, r, hosts.URL+r.URL.RequestURI(), http.StatusFound)
	}))
	defer srv.Close()
	e2 := newEnv(t, false)
	feedURL := srv.URL + "/feeds/libsyn.xml"
	first := e2.run(feedURL, "lib", Options{})
	if first.Imported != 1 || first.Failed != 1 || first.Results[1].Status != ItemFailed || !strings.Contains(first.Results[1].Error, "410") {
		t.Errorf("first run: %+v", first.Results)
	}
	gone.Store(false)
	second := e2.run(feedURL, "lib", Options{})
	if second.Imported != 1 || second.Existing != 1 {
		t.Errorf("re-run: %d imported, %d existing", second.Imported, second.Existing)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
