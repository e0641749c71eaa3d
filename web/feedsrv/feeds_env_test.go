package feedsrv

import (
	"io"
	"log/slog"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/internal/feedtest"
	"github.com/onair-fm/onair/web/httpx"
)

// feedEnv serves the feed routes (and the token check of the API group)
// over feedtest's catalog and clock.
type feedEnv struct {
	*feedtest.Env
	srv *Feeds
}

func newFeedEnv(t *testing.T, cfg httpx.Config) *feedEnv {
	t.Helper()
	env := &feedEnv{Env: feedtest.New(t)}
	env.open(cfg)
	return env
}

// open (re)opens the store and builds fresh feed routes, as a restart does.
func (env *feedEnv) open(cfg httpx.Config) {
	st, blobs := env.Reopen()
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://pod.example.com"
	}
	e := httpx.NewEnv(cfg, st, blobs, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.Now = env.Now
	env.srv = New(e)
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(e.RequestID, env.srv.ForgetShowsAfterWrites, e.Framing)
	env.srv.Routes(r, r.Group("/api/v1", e.RequireToken))
	env.H = r
}
