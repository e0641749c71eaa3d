package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web"
)

// server is a running onair serve: the HTTP servers and the background
// jobs that share its store.
type server struct {
	log           *slog.Logger
	srv           *web.Server
	store         catalog.Store
	rec           *analytics.Recorder // nil when downloads are not counted
	ln, metricsLn net.Listener        // metricsLn nil without --metrics-addr
	baseURL       string

	watchEvery, janitorEvery, grace time.Duration
	// reclaimEvery and orphanGrace drive RunReclaim.
	reclaimEvery, orphanGrace time.Duration
	// importEvery drives RunImports' mirror syncs.
	importEvery time.Duration
	// transcriber generates transcripts (--transcribe-cmd); nil when off.
	transcriber *publish.Transcriber
}

// run serves, with every background job in one errgroup, until ctx ends or
// one of them fails. Then it stops them in this order and waits for all:
//
//  1. The HTTP server stops accepting and lets requests in flight finish
//     for up to grace; the rest are cancelled, so uploads roll back, and
//     waited for.
//  2. The jobs that watch feeds, listen for changes and clean up stop as
//     soon as ctx ends; the metrics server once requests are done.
//  3. The download recorder writes the last requests' events and stops.
//  4. Feed rebuilds still running in the background are cancelled and
//     waited for.
//
// Every job uses a context that ends before run returns, so none touches
// the store once the caller closes it.
func (s *server) run(ctx context.Context) error {
	g, jobCtx := errgroup.WithContext(ctx)
	// Requests run under reqCtx: cancelling it after the grace period makes
	// uploads still in flight roll back (their partial blobs are deleted)
	// instead of being cut off half-written.
	// Its cause says the server stopped them, so they are not taken for
	// clients that went away (httpx.ClientGone).
	reqCtx, cancelCause := context.WithCancelCause(context.WithoutCancel(ctx))
	cancelRequests := func() { cancelCause(errStopping) }
	defer cancelRequests()
	// The recorder outlives the HTTP server, so the events of the last
	// requests are written after it has shut down.
	recCtx, stopRecorder := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRecorder()
	if s.rec != nil {
		g.Go(func() error { s.rec.Run(recCtx); return nil })
	}
	// With a hub, feeds are re-rendered in the background so that the hub
	// hears of every change, scheduled episodes going live included.
	g.Go(func() error { s.srv.WatchFeeds(jobCtx, s.watchEvery); return nil })
	// With PostgreSQL, changes made through other nodes reach this node's
	// feed caches at once instead of within a second.
	if l, ok := s.store.(changeListener); ok {
		g.Go(func() error { listenChanges(jobCtx, l, s.srv, s.log); return nil })
	}

	var reqs handlers
	hs := &http.Server{
		Handler:           reqs.wrap(s.srv.Handler()),
		ReadHeaderTimeout: 10 * time.Second,
		// No whole-request ReadTimeout or WriteTimeout: a large upload or a
		// slow hour-long download is legitimate. Dead connections are ended
		// by the idle timeout and by per-write deadlines in media delivery.
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: 64 << 10,
		BaseContext:    func(net.Listener) context.Context { return reqCtx },
		ConnContext:    web.ConnContext,
	}
	// Handler is built; the janitor removes abandoned uploads and expired
	// dashboard sessions.
	g.Go(func() error { s.srv.RunJanitor(jobCtx, s.janitorEvery); return nil })
	// One node at a time removes what crashes left in media storage.
	g.Go(func() error { s.srv.RunReclaim(jobCtx, s.reclaimEvery, s.orphanGrace); return nil })
	// Imports started through the API run until jobCtx ends; one node at
	// a time syncs the shows that mirror their old feed.
	g.Go(func() error { s.srv.RunImports(jobCtx, s.importEvery); return nil })
	if s.transcriber != nil {
		g.Go(func() error { return s.transcriber.Run(jobCtx) })
	}
	g.Go(func() error { return serveHTTP(hs, web.Listener(s.ln)) })
	s.log.Info("onair serving", "addr", s.ln.Addr().String(), "base_url", s.baseURL)
	var ms *http.Server
	if s.metricsLn != nil {
		ms = &http.Server{Handler: s.srv.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second}
		g.Go(func() error { return serveHTTP(ms, s.metricsLn) })
		s.log.Info("metrics serving", "addr", s.metricsLn.Addr().String())
	}

	g.Go(func() error {
		<-jobCtx.Done()
		defer stopRecorder()
		err := s.drain(hs, &reqs, cancelRequests)
		if ms != nil {
			ms.Close()
		}
		return err
	})
	err := g.Wait()
	// Feed rebuilds run on their own; they end before the store is closed.
	stopCtx, cancelStop := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelStop()
	if serr := s.srv.StopFeeds(stopCtx); serr != nil {
		s.log.Warn("shutting down: feed rebuilds did not end in time", "err", serr)
	}
	return err
}

// serveHTTP serves l until hs is shut down, which is no error.
func serveHTTP(hs *http.Server, l net.Listener) error {
	if err := hs.Serve(l); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// drain shuts hs down: requests in flight get s.grace to finish, then are
// cancelled and waited for, uploads (which roll back) above all.
// errStopping is why requests still running at the end of the shutdown
// grace period are cancelled.
var errStopping = errors.New("onair: the server is stopping")

func (s *server) drain(hs *http.Server, reqs *handlers, cancelRequests func()) error {
	s.log.Info("shutting down: waiting for requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.grace)
	defer cancel()
	err := hs.Shutdown(shutdownCtx)
	if err != nil {
		s.log.Warn("requests still running after the grace period: cancelling them", "err", err)
		cancelRequests()
		hs.Close()
	}
	waitCtx, cancelWait := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelWait()
	if err := s.srv.WaitUploads(waitCtx); err != nil {
		return errors.New("uploads did not roll back in time")
	}
	if err := reqs.wait(waitCtx); err != nil {
		s.log.Warn("requests still running after they were cancelled", "count", reqs.n.Load())
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
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
