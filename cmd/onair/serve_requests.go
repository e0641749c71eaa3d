package main

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
)

// handlers counts the requests whose handlers are running. After the grace
// period http.Server.Close ends their connections but does not wait for
// them, and serve must not close the store under a handler still using it.
type handlers struct {
	n    atomic.Int64
	mu   sync.Mutex
	idle chan struct{} // closed when n drops to 0; nil while nobody waits
}

// wrap counts next's requests while they run.
func (h *handlers) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.n.Add(1)
		defer h.done()
		next.ServeHTTP(w, r)
	})
}

func (h *handlers) done() {
	if h.n.Add(-1) != 0 {
		return
	}
	h.mu.Lock()
	if h.idle != nil && h.n.Load() == 0 {
		close(h.idle)
		h.idle = nil
	}
	h.mu.Unlock()
}

// wait returns when no handler runs, or ctx's error when it ends first.
func (h *handlers) wait(ctx context.Context) error {
	for {
		h.mu.Lock()
		if h.n.Load() == 0 {
			h.mu.Unlock()
			return nil
		}
		if h.idle == nil {
			h.idle = make(chan struct{})
		}
		idle := h.idle
		h.mu.Unlock()
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
