package logs

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onair-fm/onair/internal/testlog"
)

func TestBufferedLogFlushes(t *testing.T) {
	var out testlog.Buffer
	l := NewBuffered(&out)
	l.Write([]byte("one\n"))
	if got := out.String(); got != "" {
		t.Fatalf("written before a flush: %q", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for out.String() != "one\n" {
		if time.Now().After(deadline) {
			t.Fatalf("not flushed by the ticker: %q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	l.Write([]byte("two\n"))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "one\ntwo\n" {
		t.Fatalf("after Close: %q", got)
	}
}

func TestBufferedLogConcurrent(t *testing.T) {
	var out testlog.Buffer
	l := NewBuffered(&out)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 500; j++ {
				l.Write([]byte("line\n"))
			}
		}()
	}
	wg.Wait()
	l.Close()
	if n := strings.Count(out.String(), "line\n"); n != 4000 {
		t.Fatalf("got %d lines, want 4000", n)
	}
}
