package web

import (
	"io"
	"log/slog"
	"testing"

	"github.com/onair-fm/onair/internal/feedtest"
)

// feedEnv is a whole server over feedtest's catalog and clock.
type feedEnv struct {
	*feedtest.Env
	srv *Server
}

func newFeedEnv(t *testing.T, cfg Config) *feedEnv {
	t.Helper()
	env := &feedEnv{Env: feedtest.New(t)}
	env.open(cfg)
	return env
}

// open (re)opens the store and builds a fresh server, as a restart does.
func (env *feedEnv) open(cfg Config) {
	st, blobs := env.Reopen()
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://pod.example.com"
	}
	env.srv = New(cfg, st, blobs, slog.New(slog.NewTextHandler(io.Discard, nil)))
	env.srv.Now = env.Now
	env.H = env.srv.Handler()
}
