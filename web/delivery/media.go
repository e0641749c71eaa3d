package delivery

import (
	"context"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/web/httpx"
)

// routesMedia registers media delivery, download stats and metrics.
func (s *Media) routesMedia(r *gin.Engine) {
	serve := s.Handle(s.serveMedia)
	r.GET("/media/*key", serve)
	r.HEAD("/media/*key", serve)
	r.OPTIONS("/media/*key", httpx.CORSPreflight)
}

// Headers every media response carries. Keys never get other bytes, so a
// response can be cached for a year and never revalidated; any site's
// player may read it.
const (
	mediaCacheControl  = "public, max-age=31536000, immutable"
	mediaExposeHeaders = "Content-Range, Content-Length, Accept-Ranges, ETag"
)

// serveMedia sends a blob with byte ranges and conditional requests
// (http.ServeContent), straight from the storage's Reader so local files go
// out through sendfile, and records delivered audio for download counting.
func (s *Media) serveMedia(c *gin.Context) (err error) {
	defer func() {
		if err = mediaNotFound(err); err == errMediaNotFound {
			// Media that is not live yet may be soon: no cache may keep
			// its 404, nor (to look the same) any other.
			c.Header("Cache-Control", "no-store")
		}
	}()
	key := strings.TrimPrefix(c.Param("key"), "/")
	if !media.ValidKey(key) {
		return catalog.ErrNotFound
	}
	ctx := c.Request.Context()
	blob, err := s.resolveMedia(ctx, key)
	if err != nil {
		return err
	}
	var member *catalog.Subscriber
	var preview bool
	if sig := c.Query(httpx.MediaSigParam); sig != "" {
		// A private feed's URL: the subscriber's access decides, and the
		// answer is theirs alone (preview keeps it out of shared caches
		// and redirects, which would outlive a revocation).
		if member, err = s.memberAccess(c, key, sig, blob); err != nil {
			return err
		}
		preview = true
	} else if preview, err = s.mediaAccess(c, blob); err != nil {
		return err
	}
	// A preview is served here even with redirects on: a presigned or CDN
	// URL would let anyone it reaches fetch media that is not public.
	if s.Cfg.MediaRedirect && !preview {
		return s.redirectMedia(c, key, blob)
	}
	if !blob.current {
		// A key its owner no longer names was most likely deleted, maybe
		// through another node: ask the storage, not a cache of it.
		if _, err := s.Blobs.Stat(ctx, key); err != nil {
			return err
		}
	}
	rd, info, err := s.openMedia(ctx, c.Request, key)
	if err != nil {
		return err
	}
	defer rd.Close()

	h := c.Writer.Header()
	h.Set("Content-Type", blob.mime)
	h.Set("ETag", ETag(key, info.Size))
	if preview {
		h.Set("Cache-Control", "private, no-store")
	} else {
		h.Set("Cache-Control", mediaCacheControl)
	}
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", mediaExposeHeaders)
	disposition := "inline"
	if c.Query("download") == "1" {
		disposition = "attachment"
	}
	h.Set("Content-Disposition", contentDisposition(disposition, blob.title, path.Ext(key)))

	w := s.newMediaWriter(c)
	defer w.done()
	// rd goes in as is: for local storage it is an *os.File, which the
	// writer hands to net/http's ReadFrom and so to sendfile.
	cleanRange(c.Request.Header, info.Size)
	limitRanges(c.Request.Header, info.Size)
	hintRead(rd, c.Request, info.Size)
	http.ServeContent(w, c.Request, "", info.ModTime, rd)
	s.Metrics.MediaBytes.Add(float64(w.written))
	c.Set(httpx.CtxBytesSent, w.written)
	if err := w.failure(info.Size); err != nil {
		return err
	}
	if blob.audio && (!preview || member != nil) && c.Request.Method == http.MethodGet {
		s.countDelivery(c, blob.episode, member, w, info.Size)
	}
	return nil
}

// mediaBlob is what a key's owner says about the blob.
type mediaBlob struct {
	mime  string
	title string // names the file in Content-Disposition.
	// current says the owner still names the key.
	current bool
	// episode is the episode the blob belongs to, nil for a show's;
	// whether it is live decides who may fetch the blob (media_access.go).
	episode *catalog.Episode
	// audio is set for an episode's audio, which counts as downloads.
	audio bool
}

// resolveMedia finds the episode or show a key belongs to: the key's
// first two segments name it (see the blob key rule).
func (s *Media) resolveMedia(ctx context.Context, key string) (mediaBlob, error) {
	parts := strings.SplitN(key, "/", 3)
	if len(parts) != 3 {
		return mediaBlob{}, catalog.ErrNotFound
	}
	file := parts[2]
	ext := path.Ext(file)
	switch parts[0] {
	case "episodes":
		ep, err := s.owners.episode(ctx, s.Store, parts[1], time.Now())
		if err != nil {
			return mediaBlob{}, err
		}
		if strings.HasPrefix(file, "art-") {
			cur := key == ep.ArtworkKey
			return mediaBlob{mime: pick(cur, ep.ArtworkMIME, ext), title: ep.Title, episode: ep, current: cur}, nil
		}
		cur := key == ep.Audio.Key
		return mediaBlob{mime: pick(cur, ep.Audio.MIME, ext), title: ep.Title, episode: ep, audio: true, current: cur}, nil
	case "shows":
		sh, err := s.owners.show(ctx, s.Store, parts[1], time.Now())
		if err != nil {
			return mediaBlob{}, err
		}
		cur := key == sh.ArtworkKey
		return mediaBlob{mime: pick(cur, sh.ArtworkMIME, ext), title: sh.Title, current: cur}, nil
	}
	return mediaBlob{}, catalog.ErrNotFound
}

// pick returns the catalog's MIME type when the key is the current one and
// it is known, else the type the extension suggests.
func pick(current bool, known, ext string) string {
	if current && known != "" {
		return known
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// ETag is the strong validator of a blob: a key's bytes never change, so the key's
// random part and the size identify them.
func ETag(key string, size int64) string {
	base := path.Base(key)
	base = strings.TrimSuffix(base, path.Ext(base))
	return `"` + base + "-" + strconv.FormatInt(size, 16) + `"`
}

// countDelivery records the bytes a GET delivered for download counting.
func (s *Media) countDelivery(c *gin.Context, ep *catalog.Episode, member *catalog.Subscriber, w *mediaWriter, size int64) {
	if s.Cfg.Downloads == nil || w.written == 0 {
		return
	}
	hit := analytics.Hit{IP: c.ClientIP(), UserAgent: c.Request.UserAgent(), Episode: ep, At: s.Now()}
	if member != nil {
		hit.SubscriberID = member.ID
	}
	switch {
	case w.status == http.StatusOK:
		hit.Start, hit.End = 0, w.written
		s.Cfg.Downloads.Observe(hit)
	case w.status == http.StatusPartialContent && !w.multipart:
		start, ok := contentRangeStart(w.Header().Get("Content-Range"))
		if !ok {
			return
		}
		hit.Start, hit.End = start, start+w.written
		s.Cfg.Downloads.Observe(hit)
	case w.status == http.StatusPartialContent:
		// Several ranges in one response: count those asked for, if
		// the whole response went out.
		rs := parseRanges(c.GetHeader("Range"), size)
		var sum int64
		for _, r := range rs {
			sum += r.End - r.Start
		}
		if w.written < sum {
			return
		}
		for _, r := range rs {
			hit.Start, hit.End = r.Start, r.End
			s.Cfg.Downloads.Observe(hit)
		}
	}
}
