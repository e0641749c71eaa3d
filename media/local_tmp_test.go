package media

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestLocalSweepLeftovers checks the sweep a running server does: only
// temporary files unwritten since before go, and a dry run removes nothing.
func TestLocalSweepLeftovers(t *testing.T) {
	dir := t.TempDir()
	l, err := NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, ".tmp")
	for name, age := range map[string]time.Duration{"put-old": 2 * StaleTemp, "put-new": 0, "other": 2 * StaleTemp} {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-age)
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	before := time.Now().Add(-StaleTemp)
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
