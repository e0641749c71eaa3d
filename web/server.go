// Package web assembles onair's HTTP surface from its parts: public pages
// and players (site), feeds (feedsrv), media (delivery), the publisher API
// (api), resumable uploads (uploads) and the dashboard (admin), over what
// they share (httpx). It owns the middleware order and the background jobs
// that belong to the server: the janitor, the reclaim loop and the imports.
package web

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/importer"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/admin"
	"github.com/onair-fm/onair/web/api"
	"github.com/onair-fm/onair/web/delivery"
	"github.com/onair-fm/onair/web/feedsrv"
	"github.com/onair-fm/onair/web/httpx"
	"github.com/onair-fm/onair/web/site"
	"github.com/onair-fm/onair/web/uploads"
)

// Config is what the server needs to know beyond its parts.
type Config = httpx.Config

// Build is which onair this is (httpx.Build).
type Build = httpx.Build

// ReadBuild reads the binary's build information (httpx.ReadBuild).
func ReadBuild(version, commit, date string) Build { return httpx.ReadBuild(version, commit, date) }

// Server is the assembled HTTP surface. Make one with New.
type Server struct {
	*httpx.Env
	// pub performs every change a publisher makes (package publish).
	pub   *publish.Service
	feeds *feedsrv.Feeds

	admin *admin.Dashboard
	api   *api.API
	media *delivery.Media
	// uploads are the resumable uploads; nil unless Config.ResumableUploads.
	uploads *uploads.Uploads
	site    *site.Site
	// imports run imports in the background and sync mirrored shows.
	imports *importer.Jobs
}

// RunImports syncs the shows that mirror their old feed, every interval,
// until ctx ends; imports started through the API end with ctx too.
func (s *Server) RunImports(ctx context.Context, interval time.Duration) {
	s.imports.Every = interval
	s.imports.Run(ctx)
}

// New returns a server; call Handler for its routes.
func New(cfg Config, store catalog.Store, blobs media.Storage, log *slog.Logger) *Server {
	env := httpx.NewEnv(cfg, store, blobs, log)
	pub := publish.New(store, blobs, log)
	pub.Now = func() time.Time { return env.Now() }
	pub.FeedURL = func(slug string) string { return env.SlugFeedURL(slug, "rss") }
	pub.Observe = env.Metrics.ObserveUploadStage
	feeds := feedsrv.New(env)
	feeds.Pub = pub
	s := &Server{Env: env, pub: pub, feeds: feeds, api: api.New(env, pub, feeds), media: delivery.New(env), site: site.New(env)}
	s.imports = &importer.Jobs{Log: log, Importer: &importer.Importer{Store: store, Publish: pub, Log: log,
		Client: importer.NewClient(cfg.ImportAllowPrivate, importer.DefaultLimits), Limits: importer.DefaultLimits,
		MaxFileBytes: cfg.MaxUpload}}
	s.api.Imports = s.imports
	if cfg.ResumableUploads {
		up, err := uploads.New(env, pub, s.api)
		if err != nil {
			log.Error("uploads: disabled", "err", err)
		} else {
			s.uploads = up
		}
	}
	s.admin = admin.New(env, pub, feeds, s.uploads != nil)
	s.admin.Imports = s.imports
	return s
}

// Publisher is the server's publishing layer, for changes made outside
// HTTP requests (serve --demo seeds through it).
func (s *Server) Publisher() *publish.Service { return s.pub }

// Handler returns the router with every route.
func (s *Server) Handler() http.Handler {
	releaseMode()
	r := gin.New()
	r.HandleMethodNotAllowed = true
	proxies := s.Cfg.TrustedProxies
	if proxies == nil {
		proxies = []string{"127.0.0.1/8", "::1/128"}
	}
	if err := r.SetTrustedProxies(proxies); err != nil {
		s.Log.Error("bad trusted proxies: trusting none", "err", err)
		r.SetTrustedProxies([]string{})
	}
	// Multipart files past this go to temporary files (httpx.MultipartMemory).
	r.MaxMultipartMemory = httpx.MultipartMemory
	// Every body is timed (TimeBody) and capped (LimitBody) before any
	// handler reads it.
	r.Use(s.RequestID, s.Observe, s.RecoverPanics, s.forgetAfterWrites, s.Framing, s.TimeBody, s.LimitBody)
	r.NoRoute(s.Handle(func(c *gin.Context) error { return httpx.ErrNoRoute }))
	r.NoMethod(s.Handle(func(c *gin.Context) error { return httpx.ErrNoMethod }))

	r.Match(httpx.GetHead, "/healthz", s.Handle(s.healthz))
	// Each area registers its public routes on r and its publisher API
	// routes on api, which requires a bearer token.
	api := r.Group("/api/v1", s.RequireToken)
	s.api.Routes(r, api)
	s.feeds.Routes(r, api)
	s.feeds.RoutesPrivate(r)
	s.media.Routes(r)
	r.Match(httpx.GetHead, "/metrics", s.ServeMetrics)
	s.site.Routes(r)
	if s.uploads != nil {
		s.uploads.Routes(r)
	}
	s.admin.Routes(r)
	return r
}

// healthz answers that the server runs, and which build it is.
func (s *Server) healthz(c *gin.Context) error {
	c.JSON(http.StatusOK, s.Healthz())
	return nil
}

// ParseFrameAncestors reads the --frame-ancestors flag (httpx.ParseFrameAncestors).
func ParseFrameAncestors(v string) ([]string, error) { return httpx.ParseFrameAncestors(v) }

// Listener wraps ln so that cached feeds leave in one write (httpx.Listener).
func Listener(ln net.Listener) net.Listener { return httpx.Listener(ln) }

// ConnContext goes with Listener as http.Server.ConnContext.
func ConnContext(ctx context.Context, c net.Conn) context.Context { return httpx.ConnContext(ctx, c) }

// CheckMediaRedirect refuses a media redirect configuration that cannot
// work with blobs (delivery.CheckMediaRedirect).
func CheckMediaRedirect(cfg Config, blobs media.Storage) error {
	return delivery.CheckMediaRedirect(cfg, blobs)
}

// releaseMode puts gin in release mode (no debug route listing). It is a
// process-wide setting: set once, so servers made in parallel do not race.
var releaseMode = sync.OnceFunc(func() { gin.SetMode(gin.ReleaseMode) })

// WaitUploads waits until every upload in flight has finished or rolled
// back, or ctx ends. Call it after http.Server.Shutdown, which does not wait
// for handlers once its own deadline has passed.
func (s *Server) WaitUploads(ctx context.Context) error { return s.Uploads.Wait(ctx) }

// StopFeeds ends the feed rebuilds still running in the background and
// waits for them (feedsrv.Feeds.Stop): call it once requests and jobs are
// done, before the store is closed.
func (s *Server) StopFeeds(ctx context.Context) error { return s.feeds.Stop(ctx) }

// CleanUploads removes abandoned resumable uploads (uploads.CleanUploads)
// and stops when ctx ends.
func (s *Server) CleanUploads(ctx context.Context, now time.Time) (int, error) {
	if s.uploads == nil {
		return 0, nil
	}
	return s.uploads.CleanUploads(ctx, now)
}

// forgetAfterWrites drops what this node trusts about shows and
// subscribers after every request that may have changed the catalog, so
// its own changes show at once.
func (s *Server) forgetAfterWrites(c *gin.Context) {
	s.feeds.ForgetShowsAfterWrites(c)
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		s.media.SubscribersChanged()
	}
}

// ShowChanged drops what this node's feeds trust about shows; serve wires
// it to PostgreSQL's change notifications (feedsrv.Feeds.ShowChanged).
func (s *Server) ShowChanged(showID string) {
	s.feeds.ShowChanged(showID)
	s.media.SubscribersChanged()
}

// WatchFeeds re-renders changed feeds every interval and pings the WebSub
// hub, until ctx ends (feedsrv.Feeds.WatchFeeds).
func (s *Server) WatchFeeds(ctx context.Context, interval time.Duration) {
	s.feeds.WatchFeeds(ctx, interval)
}
