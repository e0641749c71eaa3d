package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// serveLog takes serve's log and keeps its lines, so a test can wait for
// one: "onair serving" says where serve listens (it may be told port 0).
type serveLog struct {
	mu    sync.Mutex
	all   bytes.Buffer
	part  []byte           // a line not yet ended
	lines []map[string]any // the JSON lines so far
	more  chan struct{}    // closed at the next line
}

func newServeLog() *serveLog { return &serveLog{more: make(chan struct{})} }

func (l *serveLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all.Write(p)
	l.part = append(l.part, p...)
	for {
		i := bytes.IndexByte(l.part, '\n')
		if i < 0 {
			return len(p), nil
		}
		var line map[string]any
		if json.Unmarshal(l.part[:i], &line) == nil {
			l.lines = append(l.lines, line)
			close(l.more)
			l.more = make(chan struct{})
		}
		l.part = l.part[i+1:]
	}
}

func (l *serveLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.all.String()
}

// wait returns the first line whose msg is msg, waiting up to timeout for
// it; nil when it did not come, or when stop was closed first.
func (l *serveLog) wait(msg string, stop <-chan struct{}, timeout time.Duration) map[string]any {
	deadline := time.After(timeout)
	for {
		l.mu.Lock()
		for _, line := range l.lines {
			if line["msg"] == msg {
				l.mu.Unlock()
				return line
			}
		}
		more := l.more
		l.mu.Unlock()
		select {
		case <-more:
		case <-stop:
			return nil
		case <-deadline:
			return nil
		}
	}
}

// testServe is onair serve running in the test's process.
type testServe struct {
	url     string // http://ADDR of --addr
	data    string // --data
	log     *serveLog
	label   string // the pprof label of its goroutines
	stop    context.CancelFunc
	stopped bool // shutdown was called
	ended   chan struct{}
	err     error // serve's, once ended is closed
}

var serveIDs atomic.Int64

// startServe runs serve on a port of the system's choosing, with a data
// folder of its own unless args name one, and waits until it serves.
// Every goroutine it starts carries a pprof label (see leftGoroutines).
func startServe(t *testing.T, hooks serveHooks, args ...string) *testServe {
	t.Helper()
	cfg, err := parseServeConfig(append([]string{"--addr", "127.0.0.1:0", "--data", t.TempDir()}, args...), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &testServe{data: cfg.data.data, log: newServeLog(), stop: cancel, ended: make(chan struct{}),
		label: fmt.Sprintf("%s#%d", t.Name(), serveIDs.Add(1))}
	t.Cleanup(func() {
		if !s.stopped {
			s.shutdown(t)
		}
	})
	go pprof.Do(ctx, pprof.Labels("onair_serve", s.label), func(ctx context.Context) {
		defer close(s.ended)
		s.err = serve(ctx, cfg, s.log, hooks)
	})
	line := s.log.wait("onair serving", s.ended, 20*time.Second)
	if line == nil {
		select {
		case <-s.ended:
			t.Fatalf("serve ended before it served: %v\n%s", s.err, s.log)
		default:
			t.Fatalf("serve did not say where it serves:\n%s", s.log)
		}
	}
	s.url = "http://" + line["addr"].(string)
	return s
}

// shutdown stops serve as a signal would and returns its error. It fails
// t when serve has not returned 20 s later: a job that does not stop.
func (s *testServe) shutdown(t *testing.T) error {
	t.Helper()
	s.stopped = true
	s.stop()
	select {
	case <-s.ended:
		return s.err
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not return after the shutdown:\n%s", s.log)
		return nil
	}
}

// leftGoroutines waits up to timeout for the goroutines of s (all that
// serve started, and all that they started) to end, and returns the stacks
// of those that did not.
func (s *testServe) leftGoroutines(timeout time.Duration) string {
	want := fmt.Sprintf(`"onair_serve":%q`, s.label)
	for deadline := time.Now().Add(timeout); ; {
		var b bytes.Buffer
		pprof.Lookup("goroutine").WriteTo(&b, 1)
		var left []string
		for _, g := range strings.Split(b.String(), "\n\n") {
			if strings.Contains(g, want) {
				left = append(left, g)
			}
		}
		if len(left) == 0 || time.Now().After(deadline) {
			return strings.Join(left, "\n\n")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
