package media

import (
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
