package sqlite_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/onair-fm/onair/catalog"
)

// TestFileModes: the database holds password hashes and sign-in records,
// so the files SQLite makes for it (the database, its WAL and shared
// memory) are the owner's alone, whatever the umask lets others read.
func TestFileModes(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "onair.db")
	st := open(t, path)
	defer st.Close()
	if err := st.CreateShow(t.Context(), &catalog.Show{Slug: "s", Title: "S", Language: "en", Type: catalog.ShowEpisodic}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			fi, err := os.Stat(name)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != 0o600 {
				t.Errorf("mode %v, want -rw-------", got)
			}
		})
	}
}
