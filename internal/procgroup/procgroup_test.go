//go:build unix

package procgroup

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSetKillsChildren: a script that starts a long child and waits is
// stopped at its context's end together with the child. Without Set the
// child outlives the script.
func TestSetKillsChildren(t *testing.T) {
	for _, tc := range []struct {
		name      string
		set       bool
		childDies bool
	}{
		{"group", true, true},
		{"plain", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pidFile := filepath.Join(t.TempDir(), "child")
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, "sh", "-c", `sleep 30 & echo $! > "$1"; wait`, "sh", pidFile)
			cmd.WaitDelay = time.Second
			if tc.set {
				Set(cmd)
			}
			if err := cmd.Run(); err == nil {
				t.Fatal("the script ended on its own; want it stopped")
			}
			b, err := os.ReadFile(pidFile)
			if err != nil {
				t.Fatal(err)
			}
			pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil {
				t.Fatal(err)
			}
			if !tc.childDies {
				defer syscall.Kill(pid, syscall.SIGKILL)
				if waitGone(pid, 0) {
					t.Error("the child is gone; without Set it should outlive the script")
				}
				return
			}
			if !waitGone(pid, 5*time.Second) {
				t.Error("the child outlived the script")
			}
		})
	}
}

// waitGone reports whether process pid has ended (or is a zombie, left for
// its new parent to reap) within d.
func waitGone(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) || zombie(pid) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// zombie reports whether pid has exited and waits to be reaped (Linux;
// elsewhere false, and the signal test above decides).
func zombie(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && i+2 < len(s) && s[i+2] == 'Z'
}
