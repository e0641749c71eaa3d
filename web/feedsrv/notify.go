package feedsrv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/onair-fm/onair/internal/procgroup"
)

// The --notify-cmd runner: on every feed change the watcher (WatchFeeds)
// runs the command with the RSS feed's URL as its last argument, beside
// the WebSub ping, so a podping.cloud client or any other script hears of
// it. The command is split at spaces and run without a shell. Runs are
// bounded: a queue of notifyQueue URLs, notifyWorkers at a time, each
// ended after Cfg.NotifyTimeout; a full queue drops the URL and says so.
const (
	notifyQueue   = 256
	notifyWorkers = 2
	// notifyOutputMax is how much of a failed command's output is logged.
	notifyOutputMax = 2 << 10
	// DefaultNotifyTimeout ends a --notify-cmd run that takes longer.
	DefaultNotifyTimeout = 30 * time.Second
)

// notifyChanged queues the notify command for feedURL; it never waits.
func (s *Feeds) notifyChanged(feedURL string) {
	if s.Cfg.NotifyCmd == "" {
		return
	}
	select {
	case s.notifyQ <- feedURL:
	default:
		s.Log.Warn("notify: queue full, feed change not announced", "feed", feedURL)
	}
}

// runNotifier runs queued notify commands until ctx ends.
func (s *Feeds) runNotifier(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case u := <-s.notifyQ:
			if err := s.runNotify(ctx, u); err != nil && ctx.Err() == nil {
				s.Log.Warn("notify command failed", "cmd", s.Cfg.NotifyCmd, "feed", u, "err", err)
			} else if err == nil {
				s.Log.Debug("notify command ran", "feed", u)
			}
		}
	}
}

// runNotify runs the command once for feedURL.
func (s *Feeds) runNotify(ctx context.Context, feedURL string) error {
	args := strings.Fields(s.Cfg.NotifyCmd)
	if len(args) == 0 {
		return nil
	}
	timeout := s.Cfg.NotifyTimeout
	if timeout <= 0 {
		timeout = DefaultNotifyTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], append(args[1:], feedURL)...)
	procgroup.Set(cmd)          // a timeout stops what a wrapper script started too
	cmd.WaitDelay = time.Second // a child holding the pipes open cannot hang us
	var out capped
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("notify: killed after %s: %s", timeout, out.String())
	}
	if err != nil {
		return fmt.Errorf("notify: %w: %s", err, out.String())
	}
	return nil
}

// capped keeps the first notifyOutputMax bytes written to it.
type capped struct{ bytes.Buffer }

func (c *capped) Write(p []byte) (int, error) {
	if room := notifyOutputMax - c.Len(); room > 0 {
		c.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (c *capped) String() string { return strings.TrimSpace(c.Buffer.String()) }
