package web

import (
	"context"
	"log/slog"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// signInLimiter counts failed sign-ins per client address and email in a
// sliding window. The count lives in the catalog, so every node behind a
// load balancer sees the same one and nothing is kept in memory per key.
//
// When the catalog cannot count, the limiter fails open (lets the attempt
// through) and logs a warning: a database hiccup should not lock every
// editor out of the dashboard, and each attempt still costs an argon2id
// check, so guessing stays slow while the count is missing.
type signInLimiter struct {
	store  catalog.SignInStore
	log    *slog.Logger
	max    int
	window time.Duration
}

func newSignInLimiter(store catalog.SignInStore, log *slog.Logger, max int, window time.Duration) *signInLimiter {
	return &signInLimiter{store: store, log: log, max: max, window: window}
}

// allow reports whether key may try to sign in now.
func (l *signInLimiter) allow(ctx context.Context, key string, now time.Time) bool {
	n, err := l.store.SignInFailures(ctx, key, now.Add(-l.window))
	if err != nil {
		l.log.WarnContext(ctx, "web: sign-in limit not checked, letting the attempt through", "err", err)
		return true
	}
	return n < l.max
}

// fail records a failure of key and prunes the failures of every key that
// have left the window, so the table holds no more than one window's worth.
func (l *signInLimiter) fail(ctx context.Context, key string, now time.Time) {
	// A client that hangs up once it has sent its guess must not skip the
	// count, so the writes do not follow the request's cancellation.
	ctx = context.WithoutCancel(ctx)
	if err := l.store.RecordSignInFailure(ctx, key, now); err != nil {
		l.log.WarnContext(ctx, "web: sign-in failure not recorded", "err", err)
		return
	}
	if _, err := l.store.DeleteSignInFailures(ctx, now.Add(-l.window)); err != nil {
		l.log.WarnContext(ctx, "web: old sign-in failures not pruned", "err", err)
	}
}

// reset forgets key's failures after it signed in.
func (l *signInLimiter) reset(ctx context.Context, key string) {
	if err := l.store.ClearSignInFailures(ctx, key); err != nil {
		l.log.WarnContext(ctx, "web: sign-in failures not cleared", "err", err)
	}
}
