package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/logs"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web"
)

func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var d dataFlags
	d.register(fs)
	addr := fs.String("addr", ":8080", "address to listen on")
	logLevel := fs.String("log-level", "info", "least important log lines written: debug, info (one line per request), warn or error")
	metricsAddr := fs.String("metrics-addr", "", "serve /metrics on this address of its own, e.g. 127.0.0.1:9090 (empty: on --addr, to loopback and private addresses only)")
	baseURL := fs.String("base-url", "", "public URL of the server (default http://localhost:PORT)")
	maxUpload := fs.Int64("max-upload", 2<<30, "largest accepted upload in bytes")
	websubHub := fs.String("websub-hub", "", "WebSub hub that feeds advertise and ping when they change (off when empty)")
	countDownloads := fs.Bool("count-downloads", true, "count downloads (IAB v2.1) from delivered audio")
	trustedProxies := fs.String("trusted-proxies", "127.0.0.1/8,::1/128", "reverse proxies (addresses or CIDRs, comma separated; empty for none) whose X-Forwarded-For names the client")
	mediaWriteTimeout := fs.Duration("media-write-timeout", 60*time.Second, "end a media download that sends nothing for this long")
	mediaRedirect := fs.Bool("media-redirect", false, "answer media requests with a 302 to a presigned S3 URL (or to --media-base-url) instead of sending the bytes")
	mediaBaseURL := fs.String("media-base-url", "", "with --media-redirect: a CDN serving blobs by key, e.g. https://cdn.example.com")
	mediaRedirectTTL := fs.Duration("media-redirect-ttl", time.Hour, "with --media-redirect: how long a presigned URL works")
	uploadExpiry := fs.Duration("upload-expiry", 24*time.Hour, "how long an unfinished resumable upload is kept after its last byte")
	demo := fs.Bool("demo", false, "create a demo show with a few short episodes (once; kept on later starts)")
	frameAncestors := fs.String("frame-ancestors", "*",
		"sites allowed to frame the embeddable players: CSP sources separated by spaces or commas (* = any)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	for _, p := range splitList(*trustedProxies) {
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				return fmt.Errorf("--trusted-proxies: %q is neither an address nor a CIDR range", p)
			}
		}
	}
	if err := checkBaseURL(*baseURL); err != nil {
		return err
	}
	if *maxUpload <= 0 {
		return fmt.Errorf("--max-upload must be a positive number of bytes, not %d", *maxUpload)
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level: %q is not one of debug, info, warn, error", *logLevel)
	}
	logOut := logs.NewBuffered(os.Stderr)
	defer logOut.Close()
	log := slog.New(logs.NewHandler(logOut, &slog.HandlerOptions{Level: level}))
	// Bind first: a taken address fails before anything is opened, and
	// port 0 gets its real number into the default base URL.
	ln, base, err := listen(*addr, *baseURL)
	if err != nil {
		return err
	}
	defer ln.Close()
	*baseURL = base
	var metricsLn net.Listener
	if *metricsAddr != "" {
		if metricsLn, err = net.Listen("tcp", *metricsAddr); err != nil {
			return fmt.Errorf("--metrics-addr: %w", err)
		}
		defer metricsLn.Close()
	}

	ancestors, err := web.ParseFrameAncestors(*frameAncestors)
	if err != nil {
		return err
	}

	store, err := d.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	blobs, err := d.openStorage(ctx)
	if err != nil {
		return err
	}
	// The recorder outlives the HTTP server so the last requests' events
	// are written after it shuts down.
	var rec *analytics.Recorder
	recCtx, stopRecorder := context.WithCancel(context.WithoutCancel(ctx))
	recDone := make(chan struct{})
	defer func() { stopRecorder(); <-recDone }()
	if *countDownloads {
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
	cfg := web.Config{BaseURL: *baseURL, MaxUpload: *maxUpload,
		WebSubHub: *websubHub, MediaWriteTimeout: *mediaWriteTimeout, Downloads: rec, TrustedProxies: splitList(*trustedProxies),
		MediaRedirect: *mediaRedirect, MediaBaseURL: *mediaBaseURL, MediaRedirectTTL: *mediaRedirectTTL,
		FrameAncestors:   ancestors,
		ResumableUploads: true, UploadExpiry: *uploadExpiry,
		MetricsListener: metricsLn != nil}
	if err := web.CheckMediaRedirect(cfg, blobs); err != nil {
		return err
	}
	srv := web.New(cfg, store, blobs, log)
	if *demo {
		if err := srv.Publisher().SeedDemo(ctx, demoFS()); err != nil {
			return err
		}
		log.Info("demo show ready", "url", *baseURL+"/shows/"+publish.DemoShow)
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
		Addr:              *addr,
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
	go srv.RunJanitor(ctx, min(*uploadExpiry/4, 10*time.Minute))
	errc := make(chan error, 2)
	go func() { errc <- hs.Serve(web.Listener(ln)) }()
	log.Info("onair serving", "addr", ln.Addr().String(), "base_url", *baseURL)
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
