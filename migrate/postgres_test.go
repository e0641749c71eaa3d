package migrate_test

import (
	"context"
	"testing"

	"github.com/onair-fm/onair/catalog/postgres"
	"github.com/onair-fm/onair/catalog/postgres/pgtest"
	"github.com/onair-fm/onair/media/storagetest"
	"github.com/onair-fm/onair/migrate"
)

// TestCopyRoundTripPostgresS3 moves an installation from SQLite + a folder
// to PostgreSQL + S3 and back again: the feeds come out byte for byte the
// same (build dates aside) and every blob is identical.
func TestCopyRoundTripPostgresS3(t *testing.T) {
	ctx := context.Background()
	src := sqliteSite(t)
	keys := fill(t, src)
	pg, err := postgres.Open(ctx, pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	mid := migrate.Site{Store: pg, Blobs: storagetest.S3(t)}
	back := sqliteSite(t)
	for i, hop := range [][2]migrate.Site{{src, mid}, {mid, back}} {
		rep, err := migrate.Copy(ctx, hop[0], hop[1], migrate.Options{})
		if err != nil {
			t.Fatalf("hop %d: %v", i, err)
		}
		if rep.BlobsCopied != len(keys) || rep.Episodes != 8 {
			t.Errorf("hop %d: %+v", i, rep)
		}
	}
	sameSite(t, src, mid, keys)
	sameSite(t, src, back, keys)
	// Running the first hop again finds it all done.
	rep, err := migrate.Copy(ctx, src, mid, migrate.Options{})
	if err != nil || rep.BlobsCopied != 0 || rep.Shows+rep.Episodes+rep.Articles+rep.Tokens != 0 {
		t.Errorf("second run: %+v, %v", rep, err)
	}
}
