// Package fsck compares the catalog with media storage: blobs that no row
// refers to (a crash between a Put and the row naming it), rows whose blob
// is missing or has another size, what unfinished writes left behind,
// stale resumable uploads, and the database's own integrity check. With
// Repair it removes what is safe to remove: unreferenced blobs and
// leftovers older than a grace period, never a blob a row refers to.
package fsck

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
)

// Store is what fsck reads from the catalog.
type Store interface {
	catalog.CheckStore
	StaleUploads(ctx context.Context, before time.Time, limit int) ([]*catalog.Upload, error)
}

// Options says how far to look and what to do.
type Options struct {
	// Grace protects young blobs and leftovers: an upload in flight has
	// its blob before the row that names it, so only those older than
	// Grace count as orphans. Zero is safe only when no server runs.
	Grace time.Duration
	// LeftoverGrace, when set, replaces Grace for leftovers: local
	// temporary files are judged by their last write, so an hour unwritten
	// (media.StaleTemp) is enough, where S3's incomplete uploads count from
	// their start and need the whole Grace.
	LeftoverGrace time.Duration
	// UploadExpiry is the server's --upload-expiry: resumable uploads
	// untouched for longer are reported as stale (zero: not checked).
	UploadExpiry time.Duration
	// Repair removes orphans and leftovers older than Grace.
	Repair bool
	// Integrity runs the database's integrity check (slow on big files).
	Integrity bool
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Run checks st against blobs and returns what it found (and, with Repair,
// removed). An error means the check could not be completed; the report
// then holds what was found up to there.
func Run(ctx context.Context, st Store, blobs media.Storage, o Options) (*Report, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	lister, ok := blobs.(media.Lister)
	if !ok {
		return nil, errors.New("fsck: this storage cannot list its blobs")
	}
	rep := &Report{Orphans: []Blob{}, Missing: []Ref{}, WrongSize: []Ref{}, Leftovers: []Blob{}, StaleUploads: []Upload{}, Integrity: []string{}}
	cutoff := o.Now().Add(-o.Grace)

	// Blobs first, rows second: a row written in between names a blob
	// that was listed, or one newer than the listing; either way it is
	// not taken for an orphan.
	listed := map[string]media.BlobInfo{}
	if err := lister.List(ctx, func(b media.BlobInfo) error {
		listed[b.Key] = b
		return nil
	}); err != nil {
		return rep, fmt.Errorf("fsck: %w", err)
	}
	rep.Blobs = len(listed)
	refs, err := st.BlobRefs(ctx)
	if err != nil {
		return rep, fmt.Errorf("fsck: %w", err)
	}
	if err := checkRefs(ctx, blobs, refs, listed, rep); err != nil {
		return rep, err
	}
	if err := orphans(ctx, blobs, refs, listed, cutoff, o.Repair, rep); err != nil {
		return rep, err
	}
	leftCutoff := cutoff
	if o.LeftoverGrace > 0 {
		leftCutoff = o.Now().Add(-o.LeftoverGrace)
	}
	left, err := lister.SweepLeftovers(ctx, leftCutoff, !o.Repair)
	for _, l := range left {
		rep.Leftovers = append(rep.Leftovers, Blob{Key: l.Name, Size: l.Size, ModTime: l.ModTime, Removed: o.Repair})
	}
	if err != nil {
		return rep, fmt.Errorf("fsck: %w", err)
	}
	if o.UploadExpiry > 0 {
		if err := staleUploads(ctx, st, o.Now().Add(-o.UploadExpiry), rep); err != nil {
			return rep, err
		}
	}
	if o.Integrity {
		found, err := st.CheckIntegrity(ctx)
		if err != nil {
			return rep, fmt.Errorf("fsck: %w", err)
		}
		rep.Integrity = append(rep.Integrity, found...)
	}
	return rep, nil
}

// checkRefs finds rows whose blob is missing or of another size. A key
// not in the listing is looked up again: it may have been written since.
func checkRefs(ctx context.Context, blobs media.Storage, refs []catalog.BlobRef, listed map[string]media.BlobInfo, rep *Report) error {
	rep.Refs = len(refs)
	for _, r := range refs {
		b, ok := listed[r.Key]
		if !ok && !media.ValidKey(r.Key) { // no storage can hold it
			rep.Missing = append(rep.Missing, Ref{Key: r.Key, Owner: r.Owner, Want: r.Size, Got: -1})
			continue
		}
		if !ok {
			var err error
			b, err = blobs.Stat(ctx, r.Key)
			if errors.Is(err, media.ErrBlobMissing) {
				rep.Missing = append(rep.Missing, Ref{Key: r.Key, Owner: r.Owner, Want: r.Size, Got: -1})
				continue
			}
			if err != nil {
				return fmt.Errorf("fsck: %w", err)
			}
		}
		if r.Size >= 0 && b.Size != r.Size {
			rep.WrongSize = append(rep.WrongSize, Ref{Key: r.Key, Owner: r.Owner, Want: r.Size, Got: b.Size})
		}
	}
	return nil
}

// orphans reports listed blobs no row refers to; those older than cutoff
// are removed when repair is set.
func orphans(ctx context.Context, blobs media.Storage, refs []catalog.BlobRef, listed map[string]media.BlobInfo, cutoff time.Time, repair bool, rep *Report) error {
	named := make(map[string]bool, len(refs))
	for _, r := range refs {
		named[r.Key] = true
	}
	for key, b := range listed {
		if named[key] {
			continue
		}
		o := Blob{Key: key, Size: b.Size, ModTime: b.ModTime, Young: !b.ModTime.Before(cutoff)}
		if repair && !o.Young {
			if err := blobs.Delete(ctx, key); err != nil {
				rep.Orphans = append(rep.Orphans, o)
				return fmt.Errorf("fsck: %w", err)
			}
			o.Removed = true
		}
		rep.Orphans = append(rep.Orphans, o)
	}
	sortBlobs(rep.Orphans)
	return nil
}

// staleUploads lists unfinished uploads untouched since before. Their
// blobs are referred to, so fsck only reports them: the server's janitor
// removes them with their rows.
func staleUploads(ctx context.Context, st Store, before time.Time, rep *Report) error {
	ups, err := st.StaleUploads(ctx, before, 1000)
	if err != nil {
		return fmt.Errorf("fsck: %w", err)
	}
	for _, u := range ups {
		if u.Result != nil && !u.Closing {
			continue // a finished upload's answer, kept for a while on purpose
		}
		var size int64
		for _, c := range u.Chunks {
			size += c.Size
		}
		rep.StaleUploads = append(rep.StaleUploads, Upload{ID: u.ID, Pieces: len(u.Chunks), Size: size, UpdatedAt: u.UpdatedAt})
	}
	return nil
}
