package main

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// TestBadFlagExitStatus: every command answers an unknown flag the same
// way: exit status 2, the flag's error and the usage once, nothing more.
func TestBadFlagExitStatus(t *testing.T) {
	t.Parallel()
	bin := onairBinary(t)
	for _, args := range [][]string{
		{"probe", "--bogus"},
		{"probe", "file.mp3", "--bogus"},
		{"serve", "--bogus"},
		{"validate", "--bogus"},
		{"upload", "--bogus"},
		{"stats", "--bogus"},
		{"migrate", "--bogus"},
		{"token", "create", "--bogus"},
		{"user", "create", "--bogus"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			var stderr bytes.Buffer
			cmd := exec.Command(bin, args...)
			cmd.Stderr = &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 2 {
				t.Errorf("exit %v, want status 2", err)
			}
			if n := strings.Count(stderr.String(), "-bogus"); n != 1 {
				t.Errorf("the bad flag is named %d times, want once:\n%s", n, stderr.String())
			}
			if n := strings.Count(strings.ToLower(stderr.String()), "usage"); n != 1 {
				t.Errorf("usage printed %d times, want once:\n%s", n, stderr.String())
			}
		})
	}
}
