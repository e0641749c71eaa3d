package migrate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/onair-fm/onair/media"
)

// blobCopier copies blobs between two storages, each verified by reading
// the copy back and comparing its SHA-256.
type blobCopier struct {
	from, to media.Storage
	force    bool
	// skipMissing lets a blob missing from the source pass, reported.
	skipMissing bool
	rep         *Report
	progress    func(key string, size int64, what string)
}

// ensure makes the blob at key present and verified in the target. want is
// the SHA-256 the catalog knows for it ("" when none). With trusted set (the
// row that refers to the blob is already in the target, so an earlier run
// verified the blob before writing it) a present blob of the right size is
// taken as it is; otherwise a present blob is hashed again.
func (b *blobCopier) ensure(ctx context.Context, key, want string, trusted bool) error {
	if key == "" {
		return nil
	}
	src, err := b.from.Stat(ctx, key)
	if errors.Is(err, media.ErrBlobMissing) && b.skipMissing {
		b.rep.BlobsMissing++
		b.progress(key, 0, "missing")
		return nil
	}
	if err != nil {
		return fmt.Errorf("migrate: source blob %s: %w", key, err)
	}
	dst, err := b.to.Stat(ctx, key)
	switch {
	case errors.Is(err, media.ErrBlobMissing):
		return b.copy(ctx, key, want)
	case err != nil:
		return fmt.Errorf("migrate: target blob %s: %w", key, err)
	case dst.Size == src.Size && trusted:
		b.rep.BlobsSkipped++
		return nil
	}
	if dst.Size == src.Size {
		if want == "" {
			if want, err = hashBlob(ctx, b.from, key); err != nil {
				return err
			}
		}
		got, err := hashBlob(ctx, b.to, key)
		if err != nil {
			return err
		}
		if got == want {
			b.rep.BlobsSkipped++
			b.progress(key, dst.Size, "verified")
			return nil
		}
	}
	if !b.force {
		return fmt.Errorf("migrate: target blob %s differs from the source (use --force to replace it)", key)
	}
	if err := b.to.Delete(ctx, key); err != nil {
		return fmt.Errorf("migrate: replace blob %s: %w", key, err)
	}
	return b.copy(ctx, key, want)
}

// copy streams the blob across and verifies the stored copy; a copy that
// does not verify is deleted again.
func (b *blobCopier) copy(ctx context.Context, key, want string) error {
	r, _, err := b.from.Open(ctx, key)
	if err != nil {
		return fmt.Errorf("migrate: open source blob %s: %w", key, err)
	}
	info, err := b.to.Put(ctx, key, r)
	r.Close()
	if err != nil {
		return fmt.Errorf("migrate: copy blob %s: %w", key, err)
	}
	if want == "" {
		want = info.SHA256 // the hash of the bytes the source gave
	}
	got, err := hashBlob(ctx, b.to, key)
	if err == nil && got != want {
		err = fmt.Errorf("migrate: blob %s: copy has SHA-256 %s, source %s", key, got, want)
	}
	if err != nil {
		b.to.Delete(context.WithoutCancel(ctx), key)
		return err
	}
	b.rep.BlobsCopied++
	b.rep.BytesCopied += info.Size
	b.progress(key, info.Size, "copied")
	return nil
}

// hashBlob reads a whole blob and returns its SHA-256 in hex.
func hashBlob(ctx context.Context, s media.Storage, key string) (string, error) {
	r, _, err := s.Open(ctx, key)
	if err != nil {
		return "", fmt.Errorf("migrate: read blob %s: %w", key, err)
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", fmt.Errorf("migrate: read blob %s: %w", key, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
