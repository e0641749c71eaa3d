package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// TestSignInKeyHashed: the table holds the SHA-256 of a sign-in key, not
// the email and address in it.
func TestSignInKeyHashed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "onair.db")
	st := open(t, path)
	const key = "192.0.2.1|boss@example.com"
	if err := st.RecordSignInFailure(t.Context(), key, time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(escape(path)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var stored string
	if err := db.QueryRow(`SELECT key_hash FROM signin_failures`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != catalog.SignInKeyHash(key) || len(stored) != 64 || strings.Contains(stored, "example") {
		t.Errorf("stored key %q, want the hex SHA-256 of the key", stored)
	}
}
