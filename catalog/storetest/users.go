package storetest

import (
	"bytes"
	"crypto/sha256"
	"sort"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

func testUsers(t *testing.T, st catalog.Store) {
	a := mustCreateShow(t, st, "alpha")
	b := mustCreateShow(t, st, "beta")
	admin := &catalog.User{Email: "Boss@Example.com ", PasswordHash: "$argon2id$x", Role: catalog.RoleAdmin}
	editor := &catalog.User{Email: "ed@example.com", PasswordHash: "$argon2id$y", Role: catalog.RoleEditor, ShowIDs: []string{b.ID, a.ID}}
	for _, u := range []*catalog.User{admin, editor} {
		if err := st.CreateUser(ctx(t), u); err != nil {
			t.Fatalf("CreateUser(%s): %v", u.Email, err)
		}
	}
	if admin.ID == "" || admin.Email != "boss@example.com" || admin.CreatedAt.IsZero() {
		t.Errorf("CreateUser filled %+v", admin)
	}
	wantShows := []string{a.ID, b.ID}
	sort.Strings(wantShows)
	same(t, "editor shows after create", editor.ShowIDs, wantShows)

	got, err := st.GetUserByEmail(ctx(t), "BOSS@example.com")
	if err != nil {
		t.Fatal(err)
	}
	same(t, "GetUserByEmail", got, admin)
	got, err = st.GetUser(ctx(t), editor.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "GetUser", got, editor)
	if !got.CanEditShow(a.ID) || got.CanEditShow("other") || !admin.CanEditShow("other") {
		t.Errorf("CanEditShow wrong for %+v", got)
	}

	err = st.CreateUser(ctx(t), &catalog.User{Email: "boss@example.com", PasswordHash: "h", Role: catalog.RoleEditor})
	isErr(t, "taken email", err, catalog.ErrConflict)
	err = st.CreateUser(ctx(t), &catalog.User{Email: "x@example.com", PasswordHash: "h", Role: catalog.RoleEditor, ShowIDs: []string{"nope"}})
	isErr(t, "unknown show", err, catalog.ErrNotFound)
	if _, err := st.GetUserByEmail(ctx(t), "x@example.com"); !isNotFound(err) {
		t.Errorf("a user with an unknown show was stored anyway: %v", err)
	}
	_, err = st.GetUser(ctx(t), "nope")
	isErr(t, "GetUser unknown", err, catalog.ErrNotFound)

	editor.ShowIDs = []string{a.ID}
	editor.Role = catalog.RoleEditor
	editor.PasswordHash = "$argon2id$z"
	if err := st.UpdateUser(ctx(t), editor); err != nil {
		t.Fatal(err)
	}
	got, _ = st.GetUser(ctx(t), editor.ID)
	same(t, "after UpdateUser", got, editor)
	isErr(t, "UpdateUser unknown", st.UpdateUser(ctx(t), &catalog.User{ID: "nope", Email: "n@x", Role: catalog.RoleAdmin}), catalog.ErrNotFound)

	list, err := st.ListUsers(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	same(t, "ListUsers", ids(list, func(u *catalog.User) string { return u.Email }), []string{"boss@example.com", "ed@example.com"})

	// Deleting a show takes it from its editors.
	if err := st.DeleteShow(ctx(t), a.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = st.GetUser(ctx(t), editor.ID)
	if len(got.ShowIDs) != 0 {
		t.Errorf("deleted show still given: %v", got.ShowIDs)
	}
	if err := st.DeleteUser(ctx(t), editor.ID); err != nil {
		t.Fatal(err)
	}
	_, err = st.GetUser(ctx(t), editor.ID)
	isErr(t, "deleted user", err, catalog.ErrNotFound)
	isErr(t, "DeleteUser again", st.DeleteUser(ctx(t), editor.ID), catalog.ErrNotFound)
}

func testSessions(t *testing.T, st catalog.Store) {
	u := &catalog.User{Email: "s@example.com", PasswordHash: "h", Role: catalog.RoleAdmin}
	if err := st.CreateUser(ctx(t), u); err != nil {
		t.Fatal(err)
	}
	hash := func(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }
	live := &catalog.Session{Hash: hash("live"), UserID: u.ID, CreatedAt: at(0), ExpiresAt: at(24 * time.Hour)}
	old := &catalog.Session{Hash: hash("old"), UserID: u.ID, CreatedAt: at(-48 * time.Hour), ExpiresAt: at(-time.Hour)}
	for _, s := range []*catalog.Session{live, old} {
		if err := st.CreateSession(ctx(t), s); err != nil {
			t.Fatal(err)
		}
	}
	err := st.CreateSession(ctx(t), &catalog.Session{Hash: hash("x"), UserID: "nope", ExpiresAt: at(time.Hour)})
	isErr(t, "session of unknown user", err, catalog.ErrNotFound)
	err = st.CreateSession(ctx(t), &catalog.Session{Hash: hash("live"), UserID: u.ID, ExpiresAt: at(time.Hour)})
	isErr(t, "same session twice", err, catalog.ErrConflict)

	got, err := st.GetSession(ctx(t), hash("live"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Hash, live.Hash) || got.UserID != u.ID || !got.ExpiresAt.Equal(stored(at(24*time.Hour))) || !got.CreatedAt.Equal(stored(at(0))) {
		t.Errorf("GetSession = %+v, want %+v", got, live)
	}
	n, err := st.DeleteExpiredSessions(ctx(t), at(0))
	if err != nil || n != 1 {
		t.Errorf("DeleteExpiredSessions = %d, %v; want 1", n, err)
	}
	_, err = st.GetSession(ctx(t), hash("old"))
	isErr(t, "expired session", err, catalog.ErrNotFound)

	if err := st.DeleteSession(ctx(t), hash("live")); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteSession(ctx(t), hash("live")); err != nil {
		t.Errorf("DeleteSession twice: %v", err)
	}
	_, err = st.GetSession(ctx(t), hash("live"))
	isErr(t, "signed-out session", err, catalog.ErrNotFound)

	// Deleting a user ends their sessions.
	again := &catalog.Session{Hash: hash("again"), UserID: u.ID, ExpiresAt: at(time.Hour)}
	if err := st.CreateSession(ctx(t), again); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteUser(ctx(t), u.ID); err != nil {
		t.Fatal(err)
	}
	_, err = st.GetSession(ctx(t), hash("again"))
	isErr(t, "session of deleted user", err, catalog.ErrNotFound)
}
