package delivery

import (
	"context"
	"errors"
	"net/http"
	"path"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/web/httpx"
)

// With Config.MediaRedirect a node answers media requests with a 302 to
// where the bytes are (a presigned S3 URL, or the CDN at MediaBaseURL)
// instead of proxying them, so it spends no bandwidth on audio.

// errNoRedirectTarget is a configuration mistake: redirects asked for, but
// neither a CDN base URL nor storage that can presign.
var errNoRedirectTarget = errors.New("web: --media-redirect needs S3 storage or --media-base-url")

// CheckMediaRedirect reports whether the configured redirects can work, so
// serve fails at start and not on the first request.
func CheckMediaRedirect(cfg httpx.Config, blobs media.Storage) error {
	if !cfg.MediaRedirect || cfg.MediaBaseURL != "" {
		return nil
	}
	if _, ok := blobs.(media.Presigner); !ok {
		return errNoRedirectTarget
	}
	return nil
}

// redirectMedia answers a media request with a redirect. The redirect is
// never cached (Cache-Control: no-store), so every request reaches a node
// and can be counted, and no cache hands out a signature after it expired.
func (s *Media) redirectMedia(c *gin.Context, key string, blob mediaBlob) error {
	disposition := "inline"
	if c.Query("download") == "1" {
		disposition = "attachment"
	}
	loc, err := s.mediaLocation(c.Request.Context(), key, blob.mime, contentDisposition(disposition, blob.title, path.Ext(key)))
	if err != nil {
		return err
	}
	h := c.Writer.Header()
	h.Set("Cache-Control", "private, no-store")
	h.Set("Access-Control-Allow-Origin", "*")
	c.Redirect(http.StatusFound, loc)
	// Only live media is redirected (serveMedia), so this counts.
	if blob.audio && c.Request.Method == http.MethodGet {
		s.countRedirect(c, blob.episode, key)
	}
	return nil
}

// mediaLocation is where a redirected media request goes.
func (s *Media) mediaLocation(ctx context.Context, key, contentType, disposition string) (string, error) {
	if s.Cfg.MediaBaseURL != "" {
		return s.CDNMediaURL(key), nil
	}
	p, ok := s.Blobs.(media.Presigner)
	if !ok {
		return "", errNoRedirectTarget
	}
	return p.PresignGet(ctx, key, s.Cfg.MediaRedirectTTL, contentType, disposition)
}

// countRedirect records a redirected request of an episode's audio for
// download counting, as if this node had served it: the node never sees
// the bytes go out, so it counts what was asked for. No Range header is
// the whole file; a Range header is its ranges, resolved against the size
// the way http.ServeContent would (an unsatisfiable one is nothing, as its
// 416 would be). The IAB rules in analytics (one minute of audio past the
// header, 24-hour windows, union of ranges) then apply unchanged.
func (s *Media) countRedirect(c *gin.Context, ep *catalog.Episode, key string) {
	if s.Cfg.Downloads == nil {
		return
	}
	size := ep.Audio.Size
	if key != ep.Audio.Key || size <= 0 {
		info, err := s.Blobs.Stat(c.Request.Context(), key)
		if err != nil {
			return
		}
		size = info.Size
	}
	hit := analytics.Hit{IP: c.ClientIP(), UserAgent: c.Request.UserAgent(), Episode: ep, At: s.Now()}
	rng := c.GetHeader("Range")
	if rng == "" {
		hit.Start, hit.End = 0, size
		s.Cfg.Downloads.Observe(hit)
		return
	}
	for _, r := range parseRanges(rng, size) {
		hit.Start, hit.End = r.Start, r.End
		s.Cfg.Downloads.Observe(hit)
	}
}
