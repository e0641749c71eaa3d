package main

import (
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeSignals: onair serve, as a process, stops on SIGINT and on
// SIGTERM (main's signal.NotifyContext): it drains, stops its jobs and
// exits 0.
func TestServeSignals(t *testing.T) {
	t.Parallel()
	bin := onairBinary(t)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			n := startNode(t, bin, os.Environ(), "--demo")
			if _, status := get(t, n.url+"/shows/demo/feed.rss", "", nil); status != http.StatusOK {
				t.Fatalf("feed: %d", status)
			}
			if err := n.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case <-n.exited:
			case <-time.After(20 * time.Second):
				t.Fatalf("still running 20 s after %v:\n%s", sig, n.log)
			}
			if code := n.cmd.ProcessState.ExitCode(); code != 0 {
				t.Errorf("exit status %d after %v:\n%s", code, sig, n.log)
			}
			if !strings.Contains(n.log.String(), `"msg":"shutting down: waiting for requests in flight"`) {
				t.Errorf("no shutdown logged after %v:\n%s", sig, n.log)
			}
		})
	}
}
