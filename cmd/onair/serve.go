package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/logs"
	"github.com/onair-fm/onair/web"
)

func runServe(ctx context.Context, args []string) error {
	cfg, err := parseServeConfig(args, os.Stderr)
	if err != nil {
		return err
	}
	logOut := logs.NewBuffered(os.Stderr)
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
	defer store.Close()
	blobs, err := cfg.data.openStorage(ctx)
	if err != nil {
		return err
	}
	// The recorder outlives the HTTP server so the last requests' events
	// are written after it shuts down.
	var rec *analytics.Recorder
	recCtx, stopRecorder := context.WithCancel(context.WithoutCancel(ctx))
	recDone := make(chan struct{})
	defer func() { stopRecorder(); <-recDone }()
	if cfg.countDownloads {
		secret, err := store.AnalyticsSecret(ctx)
		if err != nil {
			close(recDone)
			return err
		}
		rec = analytics.NewRecorder(store, analytics.NewHasher(secret), analytics.RecorderConfig{}, log)
		go func() { rec.Run(recCtx); close(recDone) }()
	} else {
		close(recDone)
	}
	wcfg := cfg.web(baseURL, rec)
	if err := web.CheckMediaRedirect(wcfg, blobs); err != nil {
		return err
	}
	srv := web.New(wcfg, store, blobs, log)
	if cfg.demo {
		if err := srv.SeedDemo(ctx, demoFS()); err != nil {
			return err
		}
		log.Info("demo show ready", "url", baseURL+"/shows/"+web.DemoShow)
	}

	// With a hub, feeds are re-rendered in the background so that the hub
	// hears of every change, scheduled episodes going live included.
	go srv.WatchFeeds(ctx, 30*time.Second)
	// With PostgreSQL, changes made through other nodes reach this node's
	// feed caches at once instead of within a second.
	if l, ok := store.(changeListener); ok {
		go listenChanges(ctx, l, srv, log)
	}

	// Requests run under baseCtx: cancelling it after the shutdown grace
	// period makes uploads still in flight roll back (their partial blobs
	// are deleted) instead of being cut off half-written.
	baseCtx, cancelRequests := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRequests()

	hs := &http.Server{
		Addr:              cfg.addr,
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		// No whole-request ReadTimeout or WriteTimeout: a large upload or a
		// slow hour-long download is legitimate. Dead connections are ended
		// by the idle timeout and by per-write deadlines in media delivery.
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: 64 << 10,
		BaseContext:    func(net.Listener) context.Context { return baseCtx },
		ConnContext:    web.ConnContext,
	}
	// Handler is built; the janitor removes abandoned uploads and expired
	// dashboard sessions.
	go srv.RunJanitor(ctx, cfg.janitorEvery())
	errc := make(chan error, 2)
	go func() { errc <- hs.Serve(web.Listener(ln)) }()
	log.Info("onair serving", "addr", ln.Addr().String(), "base_url", baseURL)
	if metricsLn != nil {
		ms := &http.Server{Handler: srv.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second}
		defer ms.Close()
		go func() { errc <- ms.Serve(metricsLn) }()
		log.Info("metrics serving", "addr", metricsLn.Addr().String())
	}

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: waiting for requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = hs.Shutdown(shutdownCtx)
	if err != nil {
		log.Warn("requests still running after the grace period: cancelling them", "err", err)
		cancelRequests()
		hs.Close()
	}
	waitCtx, cancelWait := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelWait()
	if err := srv.WaitUploads(waitCtx); err != nil {
		return errors.New("uploads did not roll back in time")
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
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

// changeListener is a store that announces show changes (catalog/postgres).
type changeListener interface {
	Listen(ctx context.Context, fn func(showID string)) error
}

// listenChanges passes the store's change notifications to the server until
// ctx ends, reconnecting after a failure.
func listenChanges(ctx context.Context, l changeListener, srv *web.Server, log *slog.Logger) {
	for {
		err := l.Listen(ctx, srv.ShowChanged)
		if ctx.Err() != nil {
			return
		}
		log.Warn("listening for show changes failed; feeds fall back to a one-second check", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(5 * time.Second):
		}
	}
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
