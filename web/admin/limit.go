package admin

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

// begin counts an attempt of key, before its password is checked, and
// reports whether it may go on. An attempt is counted as a failure until
// reset says otherwise, so a client that hangs up once it has sent its
// guess, or many guesses sent at once, cannot slip past the count: the
// attempt is recorded first and the count read again after, and an
// attempt that finds more than max (its own included) stops, so no more
// than max go on however many race. Refused attempts are not recorded.
// Recording also prunes the failures of every key that have left the
// window, so the table holds no more than one window's worth.
func (l *signInLimiter) begin(ctx context.Context, key string, now time.Time) bool {
	since := now.Add(-l.window)
	n, err := l.store.SignInFailures(ctx, key, since)
	if err != nil {
		l.log.WarnContext(ctx, "admin: sign-in limit not checked, letting the attempt through", "err", err)
		return true
	}
	if n >= l.max {
		return false
	}
	// The writes do not follow the request's cancellation.
	wctx := context.WithoutCancel(ctx)
	if err := l.store.RecordSignInFailure(wctx, key, now); err != nil {
		l.log.WarnContext(ctx, "admin: sign-in attempt not recorded, letting it through", "err", err)
		return true
	}
	if _, err := l.store.DeleteSignInFailures(wctx, since); err != nil {
		l.log.WarnContext(ctx, "admin: old sign-in failures not pruned", "err", err)
	}
	if n, err = l.store.SignInFailures(ctx, key, since); err != nil {
		l.log.WarnContext(ctx, "admin: sign-in limit not checked, letting the attempt through", "err", err)
		return true
	}
	return n <= l.max
}

// reset forgets key's failures, the attempt that began included, after it
// signed in.
func (l *signInLimiter) reset(ctx context.Context, key string) {
	if err := l.store.ClearSignInFailures(ctx, key); err != nil {
		l.log.WarnContext(ctx, "admin: sign-in failures not cleared", "err", err)
	}
}
