package fsck

import (
	"fmt"
	"io"
	"sort"
	"time"
)

// Report is what Run found. Its JSON is onair fsck --json's output.
type Report struct {
	Blobs int `json:"blobs"` // blobs listed in storage
	Refs  int `json:"refs"`  // blob keys rows refer to
	// Orphans are blobs no row refers to; Young ones are within the grace
	// period (an upload in flight) and are not problems.
	Orphans []Blob `json:"orphans"`
	// Missing are rows whose blob is not in storage.
	Missing []Ref `json:"missing"`
	// WrongSize are rows whose blob has another size than recorded.
	WrongSize []Ref `json:"wrong_size"`
	// Leftovers are temporary files or incomplete multipart uploads of
	// writes a crash cut off, older than the grace period.
	Leftovers []Blob `json:"leftovers"`
	// StaleUploads are unfinished resumable uploads past the expiry.
	StaleUploads []Upload `json:"stale_uploads"`
	// Integrity holds the database's findings about itself.
	Integrity []string `json:"integrity"`
}

// Blob is an orphan or a leftover.
type Blob struct {
	Key     string    `json:"key"`
	Size    int64     `json:"size"`
	ModTime time.Time `json:"mod_time"`
	Young   bool      `json:"young,omitempty"`
	Removed bool      `json:"removed,omitempty"`
}

// Ref is a row whose blob is wrong. Got is -1 when the blob is missing.
type Ref struct {
	Key   string `json:"key"`
	Owner string `json:"owner"`
	Want  int64  `json:"want_size"`
	Got   int64  `json:"size"`
}

// Upload is a stale resumable upload.
type Upload struct {
	ID        string    `json:"id"`
	Pieces    int       `json:"pieces"`
	Size      int64     `json:"size"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Problems counts what is wrong, repaired or not; young orphans are not
// problems.
func (r *Report) Problems() int {
	n := len(r.Missing) + len(r.WrongSize) + len(r.Leftovers) + len(r.StaleUploads) + len(r.Integrity)
	for _, o := range r.Orphans {
		if !o.Young {
			n++
		}
	}
	return n
}

// WriteText writes the report for people, one finding a line.
func (r *Report) WriteText(w io.Writer) {
	var removed, kept int64
	for _, o := range r.Orphans {
		state := "orphan"
		switch {
		case o.Removed:
			state, removed = "orphan removed", removed+o.Size
		case o.Young:
			state = "orphan within the grace period, kept"
		default:
			kept += o.Size
		}
		fmt.Fprintf(w, "%s: %s (%d bytes, %s)\n", state, o.Key, o.Size, o.ModTime.UTC().Format(time.RFC3339))
	}
	for _, m := range r.Missing {
		fmt.Fprintf(w, "missing blob: %s of %s\n", m.Key, m.Owner)
	}
	for _, m := range r.WrongSize {
		fmt.Fprintf(w, "wrong size: %s of %s is %d bytes, the row says %d\n", m.Key, m.Owner, m.Got, m.Want)
	}
	for _, l := range r.Leftovers {
		state := "leftover"
		if l.Removed {
			state = "leftover removed"
		}
		fmt.Fprintf(w, "%s: %s (%d bytes, %s)\n", state, l.Key, l.Size, l.ModTime.UTC().Format(time.RFC3339))
	}
	for _, u := range r.StaleUploads {
		fmt.Fprintf(w, "stale upload: %s, %d pieces, %d bytes, last written %s (the server removes it)\n",
			u.ID, u.Pieces, u.Size, u.UpdatedAt.UTC().Format(time.RFC3339))
	}
	for _, p := range r.Integrity {
		fmt.Fprintf(w, "database: %s\n", p)
	}
	fmt.Fprintf(w, "%d blobs, %d references, %d problems", r.Blobs, r.Refs, r.Problems())
	if removed > 0 || kept > 0 {
		fmt.Fprintf(w, "; orphans: %d bytes removed, %d bytes left", removed, kept)
	}
	fmt.Fprintln(w)
}

func sortBlobs(bs []Blob) {
	sort.Slice(bs, func(i, j int) bool { return bs[i].Key < bs[j].Key })
}
