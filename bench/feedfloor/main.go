// Command feedfloor is the least a Gin handler on net/http can do to serve
// a cached feed, for bench/feeds.sh (FLOOR=1): it asks onair once for a
// feed's three answers (full, gzip and 304) and then gives every request
// the matching one, the same bytes under the same headers, through
// gin.New() with one route and nothing else: no middleware, access log,
// metrics or request id, and net/http's own writes (no corking, no raw
// system calls). Its http.Server has onair's timeouts, which any server
// on the internet needs (a client that never finishes its header must not
// hold a connection). What separates it from nginx is the framework's cost
// per request; what separates onair from it is onair's.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// answer is one response as onair sent it.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8081", "address to listen on")
	from := flag.String("from", "", "the feed's URL on onair, e.g. http://127.0.0.1:8080/shows/bench/feed.rss")
	flag.Parse()
	if *from == "" {
		log.Fatal("feedfloor: --from is required")
	}
	full := fetch(*from, nil)
	gz := fetch(*from, map[string]string{"Accept-Encoding": "gzip"})
	notMod := fetch(*from, map[string]string{"If-None-Match": full.header.Get("Etag")})
	if full.status != http.StatusOK || gz.header.Get("Content-Encoding") != "gzip" || notMod.status != http.StatusNotModified {
		log.Fatalf("feedfloor: %s answered %d, %q and %d; want 200, gzip and 304", *from, full.status,
			gz.header.Get("Content-Encoding"), notMod.status)
	}

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	u, err := url.Parse(*from)
	if err != nil {
		log.Fatal(err)
	}
	r.GET(u.Path, func(c *gin.Context) {
		a := full
		switch {
		case c.Request.Header.Get("If-None-Match") != "":
			a = notMod
		case strings.Contains(c.Request.Header.Get("Accept-Encoding"), "gzip"):
			a = gz
		}
		h := c.Writer.Header()
		for k, v := range a.header {
			h[k] = v
		}
		c.Writer.WriteHeader(a.status)
		c.Writer.Write(a.body)
	})
	srv := &http.Server{Addr: *addr, Handler: r, ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10} // as onair serve's
	log.Fatal(srv.ListenAndServe())
}

// fetch gets u with the request headers hdr and keeps the answer, less the
// headers net/http writes itself.
func fetch(u string, hdr map[string]string) answer {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		log.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	// A transport of its own, which leaves Accept-Encoding alone and does
	// not decompress.
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		log.Fatal(fmt.Errorf("feedfloor: read %s: %w", u, err))
	}
	res.Header.Del("Date")
	return answer{res.StatusCode, res.Header, body}
}
