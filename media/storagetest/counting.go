package storagetest

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/onair-fm/onair/media"
)

// S3Counts counts the requests that reached the S3 server, by method.
type S3Counts struct {
	mu sync.Mutex
	n  map[string]int
}

// Get is how many requests of method went through since the last Reset.
func (c *S3Counts) Get(method string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[method]
}

// Reset starts counting from zero.
func (c *S3Counts) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n = map[string]int{}
}

// String lists the counts, for failure messages.
func (c *S3Counts) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	for _, m := range []string{"HEAD", "GET", "PUT", "POST", "DELETE"} {
		if n := c.n[m]; n > 0 {
			b.WriteString(m + ":" + strconv.Itoa(n) + " ")
		}
	}
	return strings.TrimSpace(b.String())
}

func (c *S3Counts) add(method string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[method]++
}

// CountingProxy puts a reverse proxy in front of the S3 server cfg names
// and returns cfg pointed at it, with what it counts: a test sees every
// request a storage makes to the real server. Requests keep the Host they
// were signed for.
func CountingProxy(t testing.TB, cfg media.S3Config) (media.S3Config, *S3Counts) {
	t.Helper()
	target := &url.URL{Scheme: "http", Host: cfg.Endpoint}
	if cfg.Secure {
		target.Scheme = "https"
	}
	counts := &S3Counts{}
	rp := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		pr.SetURL(target)
		pr.Out.Host = pr.In.Host
	}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		counts.add(r.Method)
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	cfg.Endpoint = strings.TrimPrefix(srv.URL, "http://")
	cfg.Secure = false
	return cfg, counts
}
