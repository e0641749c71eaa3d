package catalog

import "context"

// BlobRef is one blob key a catalog row refers to.
type BlobRef struct {
	Key string
	// Size is the size the row expects the blob to have; -1 when the row
	// does not record it (artwork).
	Size int64
	// Owner names the row, e.g. "episode ID" or "upload ID", for reports.
	Owner string
}

// CheckStore answers what onair fsck and the orphan sweeper need to compare
// the catalog with media storage.
type CheckStore interface {
	// BlobRefs returns every blob key a row refers to (episodes' audio and
	// artwork, shows' artwork, upload chunks), read in one snapshot. A
	// key may be listed more than once.
	BlobRefs(ctx context.Context) ([]BlobRef, error)
	// CheckIntegrity returns the problems the database finds in itself
	// (SQLite's integrity check, PostgreSQL's invalid indexes) and rows
	// whose parent row is missing; none when all is well.
	CheckIntegrity(ctx context.Context) ([]string, error)
}
