package feedsrv

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// feedEntry is one rendered feed and the headers that go with it, built
// once so that serving allocates nothing.
type feedEntry struct {
	version int64
	base    string
	// expires is when the next scheduled episode goes live; zero if none.
	expires time.Time
	// builtAt is when it was rendered (the server's clock), and buildTook
	// how long that took (real time, which includes waiting for a CPU on
	// a busy machine).
	builtAt   time.Time
	buildTook time.Duration
	// rebuilt says it replaced an entry gone stale (a change), rather than
	// filling an empty place: a change soon after it is part of a burst.
	rebuilt bool
	// burst says it gathered the changes of a burst (a build delayed by
	// the coalescing window): a change soon after it is the burst going
	// on, even before anyone reads it.
	burst bool
	// hits counts the requests answered from it by the cache (not the one
	// that built it); feedCache.mu guards it. A feed read by others since
	// its rebuild is in demand: its next changes are coalesced.
	hits    int64
	sum     [sha256.Size]byte
	lastMod time.Time

	plain, gz       []byte
	etag, etagGz    string
	hEtag, hEtagGz  []string
	hLength, hLenGz []string
	hLastMod        []string
}

var (
	hCacheControl = []string{"public, max-age=60"}
	hVary         = []string{"Accept-Encoding"}
	hGzip         = []string{"gzip"}
)

// newFeedEntry prepares body for serving: its gzip form, a strong ETag per
// encoding (a hash of the bytes, so the same catalog gives the same ETag on
// every node and after a restart) and the header values.
func newFeedEntry(body []byte, lastMod time.Time) *feedEntry {
	e := &feedEntry{plain: body, sum: sha256.Sum256(body)}
	var zb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&zb, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	e.gz = zb.Bytes()
	tag := hex.EncodeToString(e.sum[:16])
	e.etag = `"` + tag + `"`
	e.etagGz = gzETag(e.etag)
	e.hEtag, e.hEtagGz = []string{e.etag}, []string{e.etagGz}
	e.hLength = []string{strconv.Itoa(len(e.plain))}
	e.hLenGz = []string{strconv.Itoa(len(e.gz))}
	e.setLastMod(lastMod)
	return e
}

// size is what the entry's bodies take in memory.
func (e *feedEntry) size() int64 { return int64(len(e.plain) + len(e.gz)) }

func (e *feedEntry) setLastMod(t time.Time) {
	e.lastMod = t.UTC().Truncate(time.Second)
	e.hLastMod = []string{e.lastMod.Format(http.TimeFormat)}
}

// fresh reports whether e still shows sh at now. An entry rendered from a
// newer read of the show than sh is fresh too.
func (e *feedEntry) fresh(sh *catalog.Show, base string, now time.Time) bool {
	return e.version >= sh.Version && e.base == base && (e.expires.IsZero() || now.Before(e.expires))
}

// serve writes the entry, or 304 when the client has it, in the encoding
// the client accepts.
func (e *feedEntry) serve(w http.ResponseWriter, r *http.Request, contentType []string) {
	h := w.Header()
	h["Content-Type"] = contentType
	h["Cache-Control"] = hCacheControl
	h["Vary"] = hVary
	h["Last-Modified"] = e.hLastMod
	body, length := e.plain, e.hLength
	if acceptsGzip(r.Header["Accept-Encoding"]) {
		body, length = e.gz, e.hLenGz
		h["Content-Encoding"] = hGzip
		h["Etag"] = e.hEtagGz
	} else {
		h["Etag"] = e.hEtag
	}
	if e.notModified(r) {
		delete(h, "Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Length"] = length
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	httpx.WriteWhole(w, r, body)
}

// notModified applies If-None-Match, or If-Modified-Since when there is
// none (RFC 9110, 13.2.2). Either encoding's ETag matches: they name the
// same content.
func (e *feedEntry) notModified(r *http.Request) bool {
	if len(r.Header["If-None-Match"]) > 0 {
		return noneMatchLists(r, e.etag, e.etagGz)
	}
	if ims := r.Header["If-Modified-Since"]; len(ims) > 0 {
		t, err := http.ParseTime(ims[0])
		return err == nil && !e.lastMod.After(t)
	}
	return false
}

// noneMatchLists reports whether the request's If-None-Match lists the
// plain or the gzip ETag of a feed.
func noneMatchLists(r *http.Request, etag, etagGz string) bool {
	for _, v := range r.Header["If-None-Match"] {
		if etagListHas(v, etag) || etagListHas(v, etagGz) {
			return true
		}
	}
	return false
}

// gzETag is the ETag of the gzip form of what etag names.
func gzETag(etag string) string { return etag[:len(etag)-1] + `-gz"` }

// etagListHas reports whether an If-None-Match value lists tag, comparing
// weakly as RFC 9110 says for If-None-Match.
func etagListHas(list, tag string) bool {
	for list != "" {
		var item string
		item, list, _ = strings.Cut(list, ",")
		item = strings.TrimSpace(item)
		if item == "*" {
			return true
		}
		if len(item) > 2 && item[0] == 'W' && item[1] == '/' {
			item = item[2:]
		}
		if item == tag {
			return true
		}
	}
	return false
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
