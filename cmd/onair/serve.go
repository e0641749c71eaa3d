package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/logs"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web"
)

func runServe(ctx context.Context, args []string) error {
	return serveCmd(ctx, args, os.Stderr)
}

// serveCmd runs the server until ctx ends, logging to stderr.
func serveCmd(ctx context.Context, args []string, stderr io.Writer) error {
	cfg, err := parseServeConfig(args, stderr)
	if err != nil {
		return err
	}
	return serve(ctx, cfg, stderr, serveHooks{})
}

// serveHooks are what tests change in a run of serve; the zero value is
// how onair serve runs.
type serveHooks struct {
	// wrapStore, when set, wraps the store once it is open, so a test can
	// watch every use of it.
	wrapStore func(catalog.Store) catalog.Store
	// watchEvery is how often feeds are brought up to date for the WebSub
	// hub (default 30s); flushEvery how often download events are written
	// (default analytics'); grace how long requests in flight may run
	// after the shutdown began (default shutdownGrace).
	watchEvery, flushEvery, grace time.Duration
}

// shutdownGrace is how long requests in flight may finish after a signal
// before they are cancelled.
const shutdownGrace = 30 * time.Second

// serve binds, opens the store and storage, and runs the server with its
// background jobs until ctx ends or one of them fails (see server.run). It
// returns after every job has returned; the store is closed last.
func serve(ctx context.Context, cfg *serveConfig, stderr io.Writer, hooks serveHooks) error {
	logOut := logs.NewBuffered(stderr)
	defer logOut.Close()
	log := slog.New(logs.NewHandler(logOut, &slog.HandlerOptions{Level: cfg.level}))
	// Bind first: a taken address fails before anything is opened, and
	// port 0 gets its real number into the default base URL.
	ln, baseURL, err := listen(cfg.addr, cfg.baseURL)
	if err != nil {
		return err
	}
	defer ln.Close()
	var metricsLn net.Listener
	if cfg.metricsAddr != "" {
		if metricsLn, err = net.Listen("tcp", cfg.metricsAddr); err != nil {
			return fmt.Errorf("--metrics-addr: %w", err)
		}
		defer metricsLn.Close()
	}

	store, err := cfg.data.openStore(ctx)
	if err != nil {
		return err
	}
	if hooks.wrapStore != nil {
		store = hooks.wrapStore(store)
	}
	defer func() {
		if err := store.Close(); err != nil {
			log.Warn("closing the store", "err", err)
		}
	}()
	blobs, err := cfg.data.openStorage(ctx)
	if err != nil {
		return err
	}
	var rec *analytics.Recorder
	if cfg.countDownloads {
		secret, err := store.AnalyticsSecret(ctx)
		if err != nil {
			return err
		}
		rec = analytics.NewRecorder(store, analytics.NewHasher(secret), analytics.RecorderConfig{Flush: hooks.flushEvery}, log)
	}
	wcfg := cfg.web(baseURL, rec)
	if err := web.CheckMediaRedirect(wcfg, blobs); err != nil {
		return err
	}
	srv := web.New(wcfg, store, blobs, log)
	tr := cfg.transcriber(srv.Publisher())
	if cfg.demo {
		if err := srv.Publisher().SeedDemo(ctx, demoFS()); err != nil {
			return err
		}
		log.Info("demo show ready", "url", baseURL+"/shows/"+publish.DemoShow)
	}
	r := &server{log: log, srv: srv, store: store, rec: rec, ln: ln, metricsLn: metricsLn, baseURL: baseURL,
		watchEvery: orDefault(hooks.watchEvery, 30*time.Second), janitorEvery: cfg.janitorEvery(),
		reclaimEvery: cfg.reclaimEvery(), orphanGrace: cfg.orphanGrace, importEvery: cfg.importEvery,
		grace: orDefault(hooks.grace, shutdownGrace), transcriber: tr}
	return r.run(ctx)
}

// orDefault is d, or def when d is zero.
func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// listen binds addr and returns the listener with the base URL: baseURL,
// or when empty one made from addr with the port actually bound.
func listen(addr, baseURL string) (net.Listener, string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", err
	}
	if baseURL == "" {
		if host, port, err := net.SplitHostPort(addr); err == nil && port == "0" {
			_, real, _ := net.SplitHostPort(ln.Addr().String())
			addr = net.JoinHostPort(host, real)
		}
		baseURL = defaultBaseURL(addr)
	}
	return ln, baseURL, nil
}

// defaultBaseURL turns a listen address into a URL for local use.
func defaultBaseURL(addr string) string {
	if len(addr) > 0 && addr[0] == ':' {
		return "http://localhost" + addr
	}
	return "http://" + addr
}

// splitList splits a comma-separated flag value, dropping empty items; ""
// is an empty, non-nil list.
func splitList(v string) []string {
	out := []string{}
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// checkBaseURL refuses a --base-url that every absolute link in feeds,
// pages and API answers would be broken with.
func checkBaseURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("--base-url %q: want an absolute http:// or https:// URL such as https://pod.example.com", s)
	}
	return nil
}
