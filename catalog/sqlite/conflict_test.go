package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
)

// TestConflictMessage checks that a uniqueness clash names the column in
// plain words, without SQLite's half-cut result code
// ("users.email (2067 already exists").
func TestConflictMessage(t *testing.T) {
	st := open(t, filepath.Join(t.TempDir(), "onair.db"))
	ctx := context.Background()
	for i := range 2 {
		err := st.CreateUser(ctx, &catalog.User{Email: "a@example.com", PasswordHash: "x", Role: catalog.RoleAdmin})
		if i == 0 {
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		if !errors.Is(err, catalog.ErrConflict) || !strings.Contains(err.Error(), "users.email already exists") || strings.Contains(err.Error(), "(") {
			t.Errorf("duplicate email: %v", err)
		}
	}
}
