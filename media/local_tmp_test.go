package media

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestLocalSweepsStaleTemp checks that opening local storage removes the
// temporary files a crash (kill -9 during an upload) left behind, once they
// are old enough that no write can still be filling them.
func TestLocalSweepsStaleTemp(t *testing.T) {
	dir := t.TempDir()
	if _, err := NewLocal(dir); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, ".tmp")
	files := map[string]time.Duration{"put-stale": 2 * staleTemp, "put-live": 0, "other": 2 * staleTemp}
	for name, age := range files {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte("partial upload"), 0o600); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-age)
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := NewLocal(dir); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"put-stale": false, "put-live": true, "other": true} {
		_, err := os.Stat(filepath.Join(tmp, name))
		if got := err == nil; got != want {
			t.Errorf("%s kept = %v, want %v", name, got, want)
		}
	}
}

// TestLocalSweepLeftovers checks the sweep a running server does: only
// temporary files unwritten since before go, and a dry run removes nothing.
func TestLocalSweepLeftovers(t *testing.T) {
	dir := t.TempDir()
	l, err := NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, ".tmp")
	for name, age := range map[string]time.Duration{"put-old": 10 * time.Minute, "put-new": 0, "other": time.Hour} {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-age)
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	before := time.Now().Add(-time.Minute)
	tests := []struct {
		name   string
		dryRun bool
		want   int
		kept   bool
	}{
		{"dry run", true, 1, true},
		{"sweep", false, 1, false},
		{"again", false, 0, false},
	}
	for _, tt := range tests {
		got, err := l.SweepLeftovers(context.Background(), before, tt.dryRun)
		if err != nil || len(got) != tt.want {
			t.Fatalf("%s: SweepLeftovers = %v, %v; want %d", tt.name, got, err, tt.want)
		}
		if _, err := os.Stat(filepath.Join(tmp, "put-old")); (err == nil) != tt.kept {
			t.Errorf("%s: put-old kept = %v, want %v", tt.name, err == nil, tt.kept)
		}
	}
	for _, name := range []string{"put-new", "other"} {
		if _, err := os.Stat(filepath.Join(tmp, name)); err != nil {
			t.Errorf("%s removed: %v", name, err)
		}
	}
}
