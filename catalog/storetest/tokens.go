package storetest

import (
	"bytes"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

func testTokens(t *testing.T, st catalog.Store) {
	hash := func(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }
	first := &catalog.Token{Name: "ci", Hash: hash("secret-1"), CreatedAt: at(0)}
	second := &catalog.Token{Name: "laptop", Hash: hash("secret-2")}
	for _, tok := range []*catalog.Token{first, second} {
		if err := st.CreateToken(ctx(t), tok); err != nil {
			t.Fatalf("CreateToken: %v", err)
		}
	}
	if first.ID == "" || second.CreatedAt.IsZero() || !first.CreatedAt.Equal(stored(at(0))) {
		t.Errorf("CreateToken filled %+v and %+v", first, second)
	}
	err := st.CreateToken(ctx(t), &catalog.Token{Name: "dup", Hash: hash("secret-1")})
	isErr(t, "same hash", err, catalog.ErrConflict)

	got, err := st.TokenByHash(ctx(t), hash("secret-2"))
	if err != nil {
		t.Fatal(err)
	}
	same(t, "TokenByHash", got, second)
	_, err = st.TokenByHash(ctx(t), hash("wrong"))
	isErr(t, "unknown hash", err, catalog.ErrNotFound)

	used := base.Add(time.Hour + 7*time.Nanosecond)
	if err := st.TouchToken(ctx(t), first.ID, used); err != nil {
		t.Fatal(err)
	}
	list, err := st.ListTokens(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != first.ID || !list[0].LastUsedAt.Equal(stored(used)) ||
		!list[1].LastUsedAt.IsZero() || !bytes.Equal(list[0].Hash, first.Hash) {
		t.Errorf("ListTokens = %+v", list)
	}
	isErr(t, "TouchToken unknown", st.TouchToken(ctx(t), "nope", used), catalog.ErrNotFound)
	if err := st.DeleteToken(ctx(t), first.ID); err != nil {
		t.Fatal(err)
	}
	_, err = st.TokenByHash(ctx(t), hash("secret-1"))
	isErr(t, "revoked token", err, catalog.ErrNotFound)
	isErr(t, "DeleteToken again", st.DeleteToken(ctx(t), first.ID), catalog.ErrNotFound)
}
