package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/onair-fm/onair/web"
)

func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var d dataFlags
	d.register(fs)
	addr := fs.String("addr", ":8080", "address to listen on")
	baseURL := fs.String("base-url", "", "public URL of the server (default http://localhost PORT)")
	maxUpload := fs.Int64("max-upload", 2<<30, "largest accepted upload in bytes")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if *baseURL == "" {
		*baseURL = defaultBaseURL(*addr)
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
	srv := web.New(web.Config{BaseURL: *baseURL, MaxUpload: *maxUpload}, store, blobs, log)

	hs := &http.Server{
		Addr:              *addr,
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		// No whole-request ReadTimeout or WriteTimeout: a large upload or a
		// slow hour-long download is legitimate. Dead connections are ended
		// by the idle timeout and by per-write deadlines in media delivery.
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: 64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.ListenAndServe() }()
	log.Info("onair serving", "addr", *addr, "base_url", *baseURL)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: waiting for requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// defaultBaseURL turns a listen address into a URL for local use.
func defaultBaseURL(addr string) string {
	if len(addr) > 0 && addr[0] == ':' {
		return "http://localhost" + addr
	}
	return "http://" + addr
}
