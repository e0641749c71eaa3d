package httpx

import (
	"context"
	"sync"
	"sync/atomic"
)

// InFlight counts uploads in flight, so that shutdown can wait for each to
// finish or roll back: http.Server.Shutdown stops waiting for handlers
// once its own deadline has passed.
type InFlight struct {
	wg sync.WaitGroup
	n  atomic.Int64
}

// Track counts one upload until the returned func is called; use as
// defer s.InFlight.Track()().
func (f *InFlight) Track() func() {
	f.wg.Add(1)
	f.n.Add(1)
	return func() {
		f.n.Add(-1)
		f.wg.Done()
	}
}

// Count is how many uploads are running now.
func (f *InFlight) Count() int64 { return f.n.Load() }

// Wait waits until every upload in flight has finished or rolled back, or
// ctx ends.
func (f *InFlight) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() { f.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
