package media

import (
	"context"
	"errors"
	"io"
	"time"
)

// Storage keeps blobs (audio, artwork) under keys. A key once written is never
// overwritten with other bytes: podcast apps and CDNs cache by URL, so new
// bytes always get a new key. Local disk and S3 implement it; one test suite
// (media/storagetest) runs against both.
type Storage interface {
	// Put streams r into a new blob at key and returns what it wrote. A key
	// that exists is ErrExists. On error nothing is left behind.
	Put(ctx context.Context, key string, r io.Reader) (BlobInfo, error)
	// Open returns the blob for ranged reads. For local storage the Reader
	// is an *os.File, so HTTP serving can use the kernel's sendfile.
	Open(ctx context.Context, key string) (Reader, BlobInfo, error)
	Stat(ctx context.Context, key string) (BlobInfo, error)
	// Delete removes the blob; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// Reader reads a stored blob from any offset.
type Reader interface {
	io.ReadSeeker
	io.ReaderAt
	io.Closer
}

// BlobInfo describes a stored blob.
type BlobInfo struct {
	Key     string
	Size    int64
	SHA256  string // hex; "" when the backend does not know it.
	ModTime time.Time
}

// Storage errors.
var (
	ErrExists      = errors.New("media: blob exists")
	ErrBlobMissing = errors.New("media: blob not found")
)
