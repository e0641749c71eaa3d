package feedsrv

import (
	"net/http"

	"github.com/onair-fm/onair/web/httpx"
)

// serveMovedOut answers a feed request for a show that has left onair
// (its new_feed_url is set): 301 to the new feed, always, even to a
// conditional request (a 304 would keep apps where they are), with the
// final feed as the body, which carries itunes:new-feed-url for apps that
// read the body instead of following the redirect. Clearing new_feed_url
// undoes the move: the feed answers 200 again.
func (e *feedEntry) serveMovedOut(w http.ResponseWriter, r *http.Request, contentType []string, location string) {
	h := w.Header()
	h["Content-Type"] = contentType
	h["Location"] = []string{location}
	// Apps and caches remember a 301; keep it short so an undone move is
	// seen soon.
	h["Cache-Control"] = []string{"public, max-age=3600"}
	h["Vary"] = hVary
	body, length := e.plain, e.hLength
	if acceptsGzip(r.Header["Accept-Encoding"]) {
		body, length = e.gz, e.hLenGz
		h["Content-Encoding"] = hGzip
	}
	h["Content-Length"] = length
	w.WriteHeader(http.StatusMovedPermanently)
	if r.Method != http.MethodHead {
		httpx.WriteWhole(w, r, body)
	}
}
