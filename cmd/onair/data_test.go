package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadingCommandsNeedData checks that commands which read or change an
// existing installation refuse a --data folder that holds none, instead of
// creating an empty database there and answering from it (a mistyped
// --from-data made onair migrate "succeed" with nothing copied).
func TestReadingCommandsNeedData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo")
	tests := []struct {
		name string
		run  func() error
	}{
		{"token list", func() error { return runToken(ctx, []string{"list", "--data", missing}) }},
		{"token revoke", func() error { return runToken(ctx, []string{"revoke", "abc", "--data", missing}) }},
		{"user list", func() error { return runUser(ctx, []string{"list", "--data", missing}) }},
		{"user delete", func() error { return runUser(ctx, []string{"delete", "--data", missing, "a@example.com"}) }},
		{"stats", func() error { return runStats(ctx, []string{"--show", "demo", "--data", missing}) }},
		{"migrate", func() error {
			return runMigrate(ctx, []string{"--from-data", missing, "--to-data", filepath.Join(dir, "target")})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if err == nil || !strings.Contains(err.Error(), missing) {
				t.Errorf("err = %v, want one naming %s", err, missing)
			}
			if _, serr := os.Stat(missing); serr == nil {
				t.Errorf("%s was created", missing)
				os.RemoveAll(missing)
			}
		})
	}
}
