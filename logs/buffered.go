// Package logs is how onair writes its logs: slog's JSON lines, with a fast
// path for the line every request writes (NewHandler), batched into few
// writes (Buffered).
package logs

import (
	"bufio"
	"context"
	"io"
	"sync"
	"time"
)

// Buffered batches log lines into few writes: one write(2) per request
// line was the largest cost of serving a cached feed. Lines reach the
// underlying writer within flushEvery, when the buffer fills, and on Close;
// a crash loses at most the last flushEvery of lines.
type Buffered struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop context.CancelFunc
	done chan struct{}
}

const flushEvery = 200 * time.Millisecond

// NewBuffered returns a Buffered writing to w; Close it to write out the rest.
func NewBuffered(w io.Writer) *Buffered {
	ctx, stop := context.WithCancel(context.Background())
	b := &Buffered{w: bufio.NewWriterSize(w, 64<<10), stop: stop, done: make(chan struct{})}
	go func() {
		defer close(b.done)
		t := time.NewTicker(flushEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				b.flush()
			case <-ctx.Done():
				return
			}
		}
	}()
	return b
}

func (b *Buffered) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Write(p)
}

func (b *Buffered) flush() {
	b.mu.Lock()
	b.w.Flush()
	b.mu.Unlock()
}

// Close stops the ticker and writes out what is buffered.
func (b *Buffered) Close() error {
	b.stop()
	<-b.done
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Flush()
}
