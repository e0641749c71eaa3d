package catalog

import "context"

// DownloadArchive reads and writes counted downloads as they are, with
// their ids, so onair migrate carries a show's download history to another
// store. Pending range events and open listener windows are not part of
// it: they are minutes of state, not history.
type DownloadArchive interface {
	// DownloadsAfter returns up to limit counted downloads whose ID is
	// above after, ordered by ID.
	DownloadsAfter(ctx context.Context, after int64, limit int) ([]Download, error)
	// ImportDownloads stores downloads keeping their IDs (a zero ID gets a
	// new one). An ID already stored is left as it is, so an import can be
	// run again after an interruption. Later counted downloads get IDs
	// above every imported one.
	ImportDownloads(ctx context.Context, ds []Download) error
}
