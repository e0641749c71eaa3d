// Package web is onair's HTTP surface: public pages, embeddable players,
// oEmbed, feeds and media delivery, the publisher API and the dashboard.
// Handlers return errors; writeError maps them to a status and JSON (or an
// HTML page) in one place.
package web

import (
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/publish"
)

// Config is what the server needs to know beyond its parts.
type Config struct {
	// BaseURL is the public address, e.g. "https://pod.example.com", with
	// no trailing slash. Every absolute URL is built from it.
	BaseURL string
	// MaxUpload is the largest accepted upload in bytes.
	MaxUpload int64
	// MediaRedirect answers media requests with a 302 to a presigned
	// storage URL, or to MediaBaseURL when set, instead of sending the
	// bytes (see media_redirect.go).
	MediaRedirect bool
	// MediaBaseURL is a CDN serving the blobs by key, e.g.
	// "https://cdn.example.com"; "" to presign storage URLs.
	MediaBaseURL string
	// MediaRedirectTTL is how long a presigned URL works. Default 1h.
	MediaRedirectTTL time.Duration
	// WebSubHub is the WebSub hub feeds advertise and ping when they
	// change; "" for none.
	WebSubHub string
	// MediaWriteTimeout ends a media download that makes no progress for
	// this long (each 256 KiB must go out within it). Default 60s.
	MediaWriteTimeout time.Duration
	// Downloads records delivered audio for download counting; nil
	// counts nothing.
	Downloads *analytics.Recorder
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For names the client (for download counting and
	// sign-in limits). nil trusts loopback only; an empty, non-nil list
	// trusts nobody. Anyone else could fake addresses to inflate counts.
	TrustedProxies []string
	// FrameAncestors are the CSP sources (e.g. "https://news.example.com")
	// allowed to frame the embeddable players; empty means any site ("*").
	// Every other page refuses to be framed. See ParseFrameAncestors.
	FrameAncestors []string
	// ResumableUploads turns on the tus endpoints under /api/v1/uploads/.
	// Uploads in progress are kept in the catalog and media storage, so
	// every node sharing those can take any request of one.
	ResumableUploads bool
	// MetricsListener says /metrics is served by MetricsHandler on a
	// listener of its own; the main router then answers it 404. Without
	// it, the main router answers it to private addresses only.
	MetricsListener bool
	// UploadExpiry is how long an unfinished upload is kept after its last
	// byte arrived (default 24h).
	UploadExpiry time.Duration
}

// Server holds the parts every handler needs.
type Server struct {
	cfg   Config
	store catalog.Store
	blobs media.Storage
	log   *slog.Logger
	now   func() time.Time
	// pub performs every change a publisher makes (package publish).
	pub *publish.Service
	// uploads and inFlight count uploads in flight, for WaitUploads.
	uploads  sync.WaitGroup
	inFlight atomic.Int64
	// feedCache holds rendered feeds, feedShows the shows they were
	// checked against (feedcache.go).
	feedCache feedCache
	feedShows showCache
	// artworkSizes remembers measured artwork by blob key (feedcheck.go).
	artworkSizes sync.Map

	metrics *metrics
	// publicData are the route patterns that answer public, cacheable
	// data such as feeds (see requestID and framing). Set once by Handler.
	publicData map[string]bool
	// cspEmbed is the embed players' Content-Security-Policy (framing.go).
	cspEmbed []string
	admin    *adminState // dashboard sessions, sign-in limits, uploads.
	// owners caches the episodes and shows media keys belong to.
	owners ownerCache
}

// New returns a server; call Handler for its routes.
func New(cfg Config, store catalog.Store, blobs media.Storage, log *slog.Logger) *Server {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	cfg.MediaBaseURL = strings.TrimRight(cfg.MediaBaseURL, "/")
	if cfg.MediaRedirectTTL <= 0 {
		cfg.MediaRedirectTTL = time.Hour
	}
	if len(cfg.FrameAncestors) == 0 {
		cfg.FrameAncestors = []string{"*"}
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = 2 << 30
	}
	if cfg.MediaWriteTimeout <= 0 {
		cfg.MediaWriteTimeout = 60 * time.Second
	}
	s := &Server{cfg: cfg, store: store, blobs: blobs, log: log, now: time.Now}
	s.pub = publish.New(store, blobs, log)
	s.pub.Now = func() time.Time { return s.now() }
	s.pub.FeedURL = func(slug string) string { return s.slugFeedURL(slug, "rss") }
	s.metrics = s.newMetrics()
	s.publicData = map[string]bool{}
	s.cspEmbed = []string{"frame-ancestors " + strings.Join(cfg.FrameAncestors, " ")}
	return s
}

// Publisher is the server's publishing layer, for changes made outside
// HTTP requests (serve --demo seeds through it).
func (s *Server) Publisher() *publish.Service { return s.pub }

// Handler returns the router with every route.
func (s *Server) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	proxies := s.cfg.TrustedProxies
	if proxies == nil {
		proxies = []string{"127.0.0.1/8", "::1/128"}
	}
	if err := r.SetTrustedProxies(proxies); err != nil {
		s.log.Error("bad trusted proxies: trusting none", "err", err)
		r.SetTrustedProxies([]string{})
	}
	r.Use(s.requestID, s.observe, s.recoverPanics, s.forgetShowsAfterWrites, s.framing)
	r.NoRoute(s.handle(func(c *gin.Context) error { return errNoRoute }))
	r.NoMethod(s.handle(func(c *gin.Context) error { return errNoMethod }))

	r.Match(getHead, "/healthz", s.handle(s.healthz))
	// Each area registers its public routes on r and its publisher API
	// routes on api, which requires a bearer token.
	api := r.Group("/api/v1", s.requireToken)
	s.routesAPI(r, api)
	s.routesFeeds(r, api)
	s.routesMedia(r, api)
	s.routesPages(r, api)
	s.routesEmbed(r, api)
	s.routesAdmin(r, api)
	return r
}

func (s *Server) healthz(c *gin.Context) error {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
	return nil
}

// url returns the absolute URL of path on this server.
func (s *Server) url(path string) string { return s.cfg.BaseURL + path }
