package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestServeRefusesBadFlags checks that serve stops at once, saying why, on
// values that would make every link or every upload fail, instead of
// running with them.
func TestServeRefusesBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--base-url", "not a url"}, "--base-url"},
		{[]string{"--base-url", "pod.example.com"}, "--base-url"},
		{[]string{"--base-url", "ftp://pod.example.com"}, "--base-url"},
		{[]string{"--max-upload", "-5"}, "--max-upload"},
		{[]string{"--max-upload", "0"}, "--max-upload"},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		args := append([]string{"--addr", "127.0.0.1:0", "--data", t.TempDir()}, tt.args...)
		err := runServe(ctx, args)
		cancel()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("serve %q: %v, want an error about %s", tt.args, err, tt.want)
		}
	}
}
