package publish

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/media"
)

func TestUpsertSubscriber(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sh := e.show("members")
	patch := SubscriberPatch{Email: ptr("ana@example.com"), Name: ptr(" Ana "), ExternalID: ptr("cus_1"), ExpiresAt: ptr("2027-01-31T00:00:00+01:00")}
	first, err := e.pub.UpsertSubscriber(e.ctx, sh, patch)
	if err != nil || !first.Created || first.Token == "" || first.Subscriber.Name != "Ana" ||
		!first.Subscriber.ExpiresAt.Equal(time.Date(2027, 1, 30, 23, 0, 0, 0, time.UTC)) {
		t.Fatalf("create: %+v, %v", first, err)
	}
	if got, err := e.store.SubscriberByTokenHash(e.ctx, catalog.HashToken(first.Token)); err != nil || got.ID != first.Subscriber.ID {
		t.Errorf("the token does not find the subscriber: %v", err)
	}
	again, err := e.pub.UpsertSubscriber(e.ctx, sh, patch)
	if err != nil || again.Created || again.Token != "" || again.Subscriber.ID != first.Subscriber.ID ||
		!again.Subscriber.UpdatedAt.Equal(first.Subscriber.UpdatedAt) {
		t.Errorf("the same upsert again: %+v, %v; want no change", again, err)
	}
	revoked, err := e.pub.RevokeSubscriber(e.ctx, again.Subscriber)
	if err != nil || !revoked.Revoked || !revoked.RevokedAt.Equal(e.now.Truncate(time.Microsecond)) {
		t.Fatalf("revoke: %+v, %v", revoked, err)
	}
	back, err := e.pub.UpsertSubscriber(e.ctx, sh, patch)
	if err != nil || back.Subscriber.Revoked || back.Token == "" || back.Token == first.Token {
		t.Errorf("a revoked subscriber sent again: %+v, %v; want active with a new token", back, err)
	}
	if _, err := e.store.SubscriberByTokenHash(e.ctx, catalog.HashToken(first.Token)); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("the old token still finds the subscriber: %v", err)
	}
	for _, p := range []SubscriberPatch{
		{Email: ptr("")},
		{Email: ptr("Ana <ana@example.com>")},
		{Email: ptr("a@example.com"), Name: ptr("two\nlines")},
		{Email: ptr("a@example.com"), ExternalID: ptr(strings.Repeat("x", 400))},
		{Email: ptr("a@example.com"), ExpiresAt: ptr("next week")},
	} {
		if _, err := e.pub.UpsertSubscriber(e.ctx, sh, p); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("%+v: %v, want invalid", p, err)
		}
	}
}

func TestSharingPolicy(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		p            SharingPolicy
		nets, agents int
		want         bool
	}{
		{SharingPolicy{}, 100, 100, false},
		{SharingPolicy{MaxNetworks: 3}, 3, 100, false},
		{SharingPolicy{MaxNetworks: 3}, 4, 1, true},
		{SharingPolicy{MaxAgents: 2}, 1, 3, true},
	} {
		if got := tc.p.Exceeded(tc.nets, tc.agents); got != tc.want {
			t.Errorf("%+v.Exceeded(%d, %d) = %v", tc.p, tc.nets, tc.agents, got)
		}
	}
}

// FuzzImportSubscribers: any bytes as a CSV import are rows imported, rows
// refused, or the whole file refused as invalid; never a crash or another
// error, and nothing stored for a refused file.
func FuzzImportSubscribers(f *testing.F) {
	for _, seed := range []string{
		"email,name,external_id,expires_at\nana@example.com,Ana,cus_1,2027-01-01T00:00:00Z\n",
		"\ufeffEmail;Name\nx@example.com;X\n",
		"email\n\"unterminated\n",
		"name\nAna\n",
		"",
		"email,expires_at\nbo@example.com,soon\n,\n",
	} {
		f.Add([]byte(seed))
	}
	ctx := context.Background()
	dir := f.TempDir()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "onair.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { store.Close() })
	blobs, err := media.NewLocal(filepath.Join(dir, "media"))
	if err != nil {
		f.Fatal(err)
	}
	pub := New(store, blobs, nil)
	sh, _ := NewShow(ShowPatch{Slug: ptr("fuzz"), Title: ptr("Fuzz")})
	if err := pub.CreateShow(ctx, sh, nil); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		before, _ := store.CountSubscribers(ctx, catalog.SubscriberFilter{ShowID: sh.ID})
		rows, err := pub.ImportSubscribers(ctx, sh, strings.NewReader(string(data)))
		if err != nil {
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("error %v, want invalid", err)
			}
			if after, _ := store.CountSubscribers(ctx, catalog.SubscriberFilter{ShowID: sh.ID}); after != before {
				t.Fatalf("a refused file stored %d subscribers", after-before)
			}
			return
		}
		for _, r := range rows {
			if (r.Err == nil) == (r.Result == nil) {
				t.Fatalf("row %d: result %v, error %v", r.Line, r.Result, r.Err)
			}
		}
	})
}
