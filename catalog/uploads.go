package catalog

import (
	"context"
	"time"
)

// Upload is a resumable upload: what the client announced, the bytes that
// arrived so far as immutable chunks in media storage, and, once it became
// an episode, the answer the client gets. It lives in the catalog, not on
// one node's disk, so any node can take the next piece of it.
type Upload struct {
	ID       string
	Size     int64
	Offset   int64 // bytes received: the sum of the chunks' sizes.
	MetaData map[string]string
	// Chunks hold the received bytes in order, each starting where the one
	// before ended.
	Chunks []UploadChunk
	// Result is the finished upload's answer (JSON); nil until then.
	Result []byte
	// Closing is set once the upload is being deleted (CloseUpload): no
	// chunk is added after that, and it is gone for the tus endpoints.
	Closing   bool
	CreatedAt time.Time
	// UpdatedAt is when the last chunk or the result was stored.
	UpdatedAt time.Time
}

// UploadChunk is one stored piece of an upload: Size bytes at Offset, kept
// in media storage under Key.
type UploadChunk struct {
	Offset int64
	Size   int64
	Key    string
}

// UploadStore keeps resumable uploads for the tus endpoints.
type UploadStore interface {
	// CreateUpload stores u with no chunks, filling the timestamps. A taken
	// id is ErrConflict.
	CreateUpload(ctx context.Context, u *Upload) error
	// GetUpload returns the upload with its chunks in order.
	GetUpload(ctx context.Context, id string) (*Upload, error)
	// AddUploadChunk records c and moves the upload's offset past it, only
	// while the offset is still c.Offset (a compare-and-set: of two nodes
	// writing the same piece, one wins), the upload is unfinished and the
	// chunk does not run past its size; otherwise it is ErrConflict. A
	// missing or closing upload is ErrNotFound.
	AddUploadChunk(ctx context.Context, id string, c UploadChunk, at time.Time) error
	// CloseUpload marks the upload as being deleted and returns it with
	// every chunk it will ever have: from then on AddUploadChunk refuses
	// it, so a writer racing the deletion (on any node) deletes its own
	// blob, and the caller deletes the blobs listed here before
	// DeleteUpload. Closing again is fine; a missing upload is ErrNotFound.
	CloseUpload(ctx context.Context, id string) (*Upload, error)
	// ClaimUpload gives holder the right to finish the upload until
	// now+ttl if nobody has it, its claim expired at now, or it is holder's
	// already, and reports whether holder has it. ttl 0 gives it up.
	ClaimUpload(ctx context.Context, id, holder string, now time.Time, ttl time.Duration) (bool, error)
	// FinishUpload stores the upload's result; its chunks are forgotten
	// (the caller deletes their blobs).
	FinishUpload(ctx context.Context, id string, result []byte, at time.Time) error
	// StaleUploads returns at most limit uploads, finished or not, whose
	// UpdatedAt is before t, and closing ones whatever their age (their
	// deletion failed, or is under way and may be done twice), oldest
	// first, with their chunks.
	StaleUploads(ctx context.Context, before time.Time, limit int) ([]*Upload, error)
	// DeleteUpload removes the upload and its chunks' records; a missing
	// upload is not an error.
	DeleteUpload(ctx context.Context, id string) error
}
