package feedsrv

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/internal/testlog"
	"github.com/onair-fm/onair/web/httpx"
)

// TestNotifyCmd runs a real script on feed changes: it gets the RSS feed's
// URL (and only on a change); a failing script and one that hangs past the
// timeout are logged, and the watcher carries on.
func TestNotifyCmd(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "calls")
	script := filepath.Join(dir, "notify.sh")
	body := "#!/bin/sh\n" +
		"case \"$2\" in *hang*) sleep 30;; *fail*) echo 'podping said no' >&2; exit 3;; esac\n" +
		"echo \"$1 $2\" >> " + out + "\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	env := newFeedEnv(t, httpx.Config{NotifyCmd: script + " --arg", NotifyTimeout: 2 * time.Second})
	var logs testlog.Buffer
	env.srv.Log = slog.New(slog.NewTextHandler(&logs, nil))
	sh, eps := env.SeedShow("daily", 2)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { env.srv.WatchFeeds(ctx, 20*time.Millisecond); close(done) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("WatchFeeds did not end with its context")
		}
	}()
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; logs:\n%s", what, logs.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	calls := func() string { b, _ := os.ReadFile(out); return string(b) }
	// The first look renders every feed and announces nothing.
	waitFor("the first look", func() bool {
		env.srv.feedCache.mu.Lock()
		defer env.srv.feedCache.mu.Unlock()
		n := 0
		for k := range env.srv.feedCache.entries {
			if k.showID == sh.ID {
				n++
			}
		}
		return n == len(feedFormats)
	})
	if c := calls(); c != "" {
		t.Fatalf("notified before any change: %q", c)
	}
	eps[0].Title = "Changed"
	must(t, env.Store.UpdateEpisode(env.Ctx(), eps[0]))
	env.Advance(feedShowTTL)
	want := "--arg https://pod.example.com/shows/daily/feed.rss\n"
	waitFor("the notify command", func() bool { return calls() == want })
	time.Sleep(100 * time.Millisecond)
	if c := calls(); c != want {
		t.Errorf("calls = %q, want one: %q", c, want)
	}

	// A failing command is logged with its output.
	sh.Slug = "fail"
	must(t, env.Store.UpdateShow(env.Ctx(), sh))
	env.Advance(feedShowTTL)
	waitFor("the failure in the log", func() bool { return strings.Contains(logs.String(), "podping said no") })
	// A hanging one is ended at the timeout (2 s: a busy machine takes
	// hundreds of milliseconds to start a shell), and the next change still runs.
	sh.Slug = "hang"
	must(t, env.Store.UpdateShow(env.Ctx(), sh))
	env.Advance(feedShowTTL)
	waitFor("the timeout in the log", func() bool { return strings.Contains(logs.String(), "killed after 2s") })
	sh.Slug = "done"
	must(t, env.Store.UpdateShow(env.Ctx(), sh))
	env.Advance(feedShowTTL)
	waitFor("the next change", func() bool {
		return strings.Contains(calls(), "--arg https://pod.example.com/shows/done/feed.rss")
	})
}
