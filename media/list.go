package media

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
)

// Lister is a Storage that can enumerate its blobs and what its unfinished
// writes left behind, so blobs that no catalog row refers to (a crash
// between a Put and the row that names it) can be found and reclaimed.
// Local and S3 implement it.
type Lister interface {
	// List calls fn for every blob, in no set order; an error from fn stops
	// the listing and is returned.
	List(ctx context.Context, fn func(BlobInfo) error) error
	// SweepLeftovers returns what unfinished Puts left that was last
	// written before before (Local: temporary files; S3: incomplete
	// multipart uploads), and removes them unless dryRun.
	SweepLeftovers(ctx context.Context, before time.Time, dryRun bool) ([]Leftover, error)
}

// Leftover is a piece of an unfinished Put.
type Leftover struct {
	Name    string // a path under the storage (Local) or "KEY UPLOAD_ID" (S3).
	Size    int64  // bytes; 0 when unknown.
	ModTime time.Time
}

// List implements Lister. Folders starting with a dot (.tmp) are not blobs.
func (l *Local) List(ctx context.Context, fn func(BlobInfo) error) error {
	err := filepath.WalkDir(l.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) { // deleted while listing
				return nil
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != l.root {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(l.root, p)
		if err != nil {
			return err
		}
		return fn(BlobInfo{Key: filepath.ToSlash(rel), Size: info.Size(), ModTime: info.ModTime()})
	})
	if err != nil {
		return fmt.Errorf("media: list: %w", err)
	}
	return nil
}

// SweepLeftovers implements Lister for the temporary files in .tmp. A live
// Put writes its file all the time, so one unwritten since before is a
// crash's leftover.
func (l *Local) SweepLeftovers(ctx context.Context, before time.Time, dryRun bool) ([]Leftover, error) {
	ents, err := os.ReadDir(filepath.Join(l.root, ".tmp"))
	if err != nil {
		return nil, fmt.Errorf("media: leftovers: %w", err)
	}
	var out []Leftover
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), "put-") {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() || !info.ModTime().Before(before) {
			continue
		}
		name := filepath.Join(".tmp", e.Name())
		if !dryRun {
			if err := os.Remove(filepath.Join(l.root, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return out, fmt.Errorf("media: remove leftover %s: %w", name, err)
			}
		}
		out = append(out, Leftover{Name: name, Size: info.Size(), ModTime: info.ModTime()})
	}
	return out, nil
}

// List implements Lister.
func (s *S3) List(ctx context.Context, fn func(BlobInfo) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the listing goroutine when fn fails
	for o := range s.cl.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			return fmt.Errorf("media: list: %w", o.Err)
		}
		if err := fn(BlobInfo{Key: o.Key, Size: o.Size, ModTime: modTime(o.LastModified)}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// SweepLeftovers implements Lister for incomplete multipart uploads
// started before before. A live Put's upload may be older than that when
// it is very large; keep before well behind the longest upload.
func (s *S3) SweepLeftovers(ctx context.Context, before time.Time, dryRun bool) ([]Leftover, error) {
	var stale []minio.ObjectMultipartInfo
	for u := range s.cl.ListIncompleteUploads(ctx, s.bucket, "", true) {
		if u.Err != nil {
			return nil, fmt.Errorf("media: list incomplete uploads: %w", u.Err)
		}
		if u.Initiated.Before(before) {
			stale = append(stale, u)
		}
	}
	var out []Leftover
	for _, u := range stale {
		if !dryRun {
			err := s.core.AbortMultipartUpload(ctx, s.bucket, u.Key, u.UploadID)
			if err != nil && minio.ToErrorResponse(err).Code != "NoSuchUpload" {
				return out, fmt.Errorf("media: abort upload %s: %w", u.Key, err)
			}
		}
		out = append(out, Leftover{Name: u.Key + " " + u.UploadID, Size: u.Size, ModTime: u.Initiated})
	}
	return out, nil
}
