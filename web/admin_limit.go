package web

import (
	"sync"
	"time"
)

// signInLimiter counts failed sign-ins per client address and email in a
// sliding window. It lives in memory: on many nodes each node counts on its
// own, which still bounds guessing to a few attempts per node and window.
type signInLimiter struct {
	mu       sync.Mutex
	max      int
	window   time.Duration
	failures map[string][]time.Time
}

func newSignInLimiter(max int, window time.Duration) *signInLimiter {
	return &signInLimiter{max: max, window: window, failures: make(map[string][]time.Time)}
}

// recent drops failures older than the window; l.mu is held.
func (l *signInLimiter) recent(key string, now time.Time) []time.Time {
	f := l.failures[key]
	i := 0
	for i < len(f) && now.Sub(f[i]) >= l.window {
		i++
	}
	f = f[i:]
	if len(f) == 0 {
		delete(l.failures, key)
		return nil
	}
	l.failures[key] = f
	return f
}

// allow reports whether key may try to sign in now.
func (l *signInLimiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(key, now)) < l.max
}

func (l *signInLimiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures[key] = append(l.recent(key, now), now)
	if len(l.failures) > 100_000 {
		// Bound memory under a spray of addresses: sweep out every key
		// whose failures have all left the window.
		for k := range l.failures {
			l.recent(k, now)
		}
	}
}

func (l *signInLimiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}
