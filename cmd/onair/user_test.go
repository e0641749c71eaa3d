package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/onair-fm/onair/catalog/sqlite"
)

// TestUserCommandMessages checks that a taken email and an unknown one are
// told in words, not as the database's error.
func TestUserCommandMessages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	data := t.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(data, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newUser(ctx, st, "Ed@example.com", "admin", nil, "a long password"); err != nil {
		t.Fatal(err)
	}
	_, err = newUser(ctx, st, "ed@example.com", "admin", nil, "another password")
	st.Close()
	if err == nil || err.Error() != "a user with the email ed@example.com exists already (see onair user list)" {
		t.Errorf("second create: %v", err)
	}
	err = runUser(ctx, []string{"delete", "--data", data, "nobody@example.com"})
	if err == nil || err.Error() != "no user with the email nobody@example.com (see onair user list)" {
		t.Errorf("delete unknown: %v", err)
	}
	// Flags may follow the email, as with onair token revoke ID --data DIR.
	if err := runUser(ctx, []string{"delete", "ED@example.com", "--data", data}); err != nil {
		t.Errorf("delete: %v", err)
	}
}
