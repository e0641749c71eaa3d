package uploads

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/tus/tusd/v2/pkg/handler"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/web/httpx"
)

// ChunkStore is tusd's DataStore over what every node shares: the catalog
// keeps an upload's size, offset, metadata and chunk list, media storage
// its bytes, one immutable blob per PATCH. Any node can so take any
// request of an upload. Two PATCHes racing for the same offset (a client
// resuming while its old request still runs elsewhere) both store their
// blob, but the catalog's compare-and-set on the offset lets only one
// count; the other deletes its blob and answers 409, as tus says.
//
// No tusd Locker is used: the compare-and-set makes concurrent PATCHes
// safe without one, and finishing is serialised by a claim in the catalog
// (FinishUpload), which works across nodes where tusd's memorylocker did
// not.
type ChunkStore struct {
	store catalog.UploadStore
	blobs media.Storage
	now   func() time.Time
	// idleWait is Config.UploadIdleWait (see waitIdle).
	idleWait time.Duration
	// visible, when set, is asked first of every request for an existing
	// upload; catalog.ErrNotFound makes the upload unknown to it.
	visible func(ctx context.Context, id string) error
}

// NewChunkStore returns the chunk store over store and blobs, as another
// node has it: without the per-request access check of Uploads.
func NewChunkStore(store catalog.UploadStore, blobs media.Storage, now func() time.Time) *ChunkStore {
	return &ChunkStore{store: store, blobs: blobs, now: now, idleWait: httpx.DefaultUploadIdleWait}
}

// useIn makes cs the composer's core store and terminater.
func (cs *ChunkStore) useIn(c *handler.StoreComposer) {
	c.UseCore(cs)
	c.UseTerminater(cs)
}

// NewUpload implements handler.DataStore.
func (cs *ChunkStore) NewUpload(ctx context.Context, info handler.FileInfo) (handler.Upload, error) {
	if info.ID == "" {
		info.ID = catalog.NewID()
	}
	u := &catalog.Upload{ID: info.ID, Size: info.Size, MetaData: info.MetaData, CreatedAt: cs.now()}
	if err := cs.store.CreateUpload(ctx, u); err != nil {
		return nil, fmt.Errorf("uploads: new upload: %w", err)
	}
	return &chunkUpload{cs: cs, u: u}, nil
}

// GetUpload implements handler.DataStore. A finished upload is gone for
// tus: its bytes became an episode (GET /api/v1/uploads/{id} tells which).
func (cs *ChunkStore) GetUpload(ctx context.Context, id string) (handler.Upload, error) {
	u, err := cs.get(ctx, id)
	if err != nil {
		return nil, err
	}
	return &chunkUpload{cs: cs, u: u}, nil
}

// get returns an unfinished upload that is not being deleted and that the
// requester may see, or handler.ErrNotFound. It first waits (a while, not
// forever) for a PATCH in flight on any node to store its bytes: a client
// resuming after a dropped connection then learns the offset the dropped
// request left, rather than one that request is about to move, which
// would cost it a 409 and a retry.
func (cs *ChunkStore) get(ctx context.Context, id string) (*catalog.Upload, error) {
	if !validUploadID(id) {
		return nil, handler.ErrNotFound
	}
	// Before waiting: an upload the requester may not see must not keep
	// it waiting either, which would tell that the id exists.
	if cs.visible != nil {
		if err := cs.visible(ctx, id); errors.Is(err, catalog.ErrNotFound) {
			return nil, handler.ErrNotFound
		} else if err != nil {
			return nil, err
		}
	}
	cs.waitIdle(ctx, id)
	u, err := cs.store.GetUpload(ctx, id)
	if errors.Is(err, catalog.ErrNotFound) || err == nil && (u.Result != nil || u.Closing) {
		return nil, handler.ErrNotFound
	}
	return u, err
}

// AsTerminatableUpload implements handler.TerminaterDataStore.
func (cs *ChunkStore) AsTerminatableUpload(up handler.Upload) handler.TerminatableUpload {
	return up.(*chunkUpload)
}

// drop deletes the upload's chunk blobs, then its row. The upload is
// closed first: a PATCH on any node that stores its chunk after the list
// is read would otherwise leave a blob no row names, which nothing ever
// finds again; closed, its chunk is refused and it deletes its blob
// itself. A blob that will not go leaves the (closed) row, so the janitor
// tries again. A gone upload is not an error.
//
// With awaitFinish (a client's DELETE), an upload that was complete when
// closed may be being finished on some node, which claimed it before the
// close: drop waits for that claim, so the finish ends whole (its client
// gets the episode) before the chunks go. A finish that claims after the
// close finds the upload closed and makes nothing. Finishing itself drops
// a refused upload while holding the claim, without awaitFinish.
func (cs *ChunkStore) drop(ctx context.Context, id string, awaitFinish bool) error {
	u, err := cs.store.CloseUpload(ctx, id)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("uploads: drop upload %s: %w", id, err)
	}
	if awaitFinish && u.Offset == u.Size && u.Result == nil {
		release, err := cs.claim(ctx, id)
		if errors.Is(err, catalog.ErrNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("uploads: drop upload %s: %w", id, err)
		}
		defer release()
	}
	if err := cs.deleteChunks(ctx, u.Chunks); err != nil {
		return fmt.Errorf("uploads: drop upload %s: %w", id, err)
	}
	return cs.store.DeleteUpload(ctx, id)
}

func (cs *ChunkStore) deleteChunks(ctx context.Context, chunks []catalog.UploadChunk) error {
	var errs []error
	for _, c := range chunks {
		errs = append(errs, cs.blobs.Delete(ctx, c.Key))
	}
	return errors.Join(errs...)
}

// chunkUpload is one upload as tusd handles it within a request.
type chunkUpload struct {
	cs *ChunkStore
	u  *catalog.Upload
}

// GetInfo implements handler.Upload.
func (cu *chunkUpload) GetInfo(ctx context.Context) (handler.FileInfo, error) {
	u := cu.u
	return handler.FileInfo{ID: u.ID, Size: u.Size, Offset: u.Offset, MetaData: u.MetaData}, nil
}

// WriteChunk implements handler.Upload: the request body becomes one new
// blob, counted only if the upload's offset is still offset. tusd hands
// over what arrived before a dropped connection as a short body, so that
// much is kept and the client resumes after it. An upload deleted while
// the bytes came in refuses the chunk: the blob goes, the client gets 404.
func (cu *chunkUpload) WriteChunk(ctx context.Context, offset int64, src io.Reader) (int64, error) {
	// Hold the claim while the bytes come in, so a resuming client's HEAD
	// waits for them (see get). A claim someone else holds does not stop
	// this write: the compare-and-set below keeps it right.
	if release := cu.cs.hold(ctx, cu.u.ID); release != nil {
		defer release()
	}
	// The random part keeps two racing writers of one offset apart.
	key := fmt.Sprintf("uploads/%s/%020d-%s", cu.u.ID, offset, catalog.NewID())
	bi, err := cu.cs.blobs.Put(ctx, key, src)
	if err != nil {
		return 0, fmt.Errorf("uploads: upload %s at %d: %w", cu.u.ID, offset, err)
	}
	cleanup := context.WithoutCancel(ctx)
	if bi.Size == 0 {
		return 0, cu.cs.blobs.Delete(cleanup, key)
	}
	c := catalog.UploadChunk{Offset: offset, Size: bi.Size, Key: key}
	if err := cu.cs.store.AddUploadChunk(cleanup, cu.u.ID, c, cu.cs.now()); err != nil {
		cu.cs.blobs.Delete(cleanup, key)
		switch {
		case errors.Is(err, catalog.ErrConflict):
			return 0, handler.ErrMismatchOffset
		case errors.Is(err, catalog.ErrNotFound):
			return 0, handler.ErrNotFound
		}
		return 0, err
	}
	cu.u.Offset += bi.Size
	cu.u.Chunks = append(cu.u.Chunks, c)
	return bi.Size, nil
}

// GetReader implements handler.Upload.
func (cu *chunkUpload) GetReader(ctx context.Context) (io.ReadCloser, error) {
	return cu.cs.file(ctx, cu.u), nil
}

// FinishUpload implements handler.Upload; FinishUpload does the work.
func (cu *chunkUpload) FinishUpload(ctx context.Context) error { return nil }

// Terminate implements handler.TerminatableUpload: a client's DELETE.
func (cu *chunkUpload) Terminate(ctx context.Context) error {
	return cu.cs.drop(ctx, cu.u.ID, true)
}

// uploadFile reads an upload's chunks as one file, opening each chunk's
// blob when a read first reaches it.
type uploadFile struct {
	*io.SectionReader
	r *chunkReader
}

func (f uploadFile) Close() error { return f.r.Close() }

func (cs *ChunkStore) file(ctx context.Context, u *catalog.Upload) uploadFile {
	r := &chunkReader{ctx: ctx, blobs: cs.blobs, chunks: u.Chunks, open: map[int]media.Reader{}}
	return uploadFile{SectionReader: io.NewSectionReader(r, 0, u.Offset), r: r}
}

// chunkReader is the io.ReaderAt over an upload's chunks in order.
type chunkReader struct {
	ctx    context.Context
	blobs  media.Storage
	chunks []catalog.UploadChunk
	mu     sync.Mutex
	open   map[int]media.Reader
}

func (r *chunkReader) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for len(p) > 0 {
		i := sort.Search(len(r.chunks), func(i int) bool { return r.chunks[i].Offset+r.chunks[i].Size > off })
		if i == len(r.chunks) {
			return n, io.EOF
		}
		c := r.chunks[i]
		if off < c.Offset {
			return n, fmt.Errorf("uploads: upload chunks leave a gap at %d", off)
		}
		br, err := r.blob(i)
		if err != nil {
			return n, err
		}
		want := min(int64(len(p)), c.Offset+c.Size-off)
		m, err := br.ReadAt(p[:want], off-c.Offset)
		n, off, p = n+m, off+int64(m), p[m:]
		if int64(m) < want {
			if err == nil || errors.Is(err, io.EOF) {
				err = fmt.Errorf("uploads: upload chunk %s is short: %w", c.Key, io.ErrUnexpectedEOF)
			}
			return n, err
		}
	}
	return n, nil
}

// blob returns chunk i's blob, opening it on first use.
func (r *chunkReader) blob(i int) (media.Reader, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if b, ok := r.open[i]; ok {
		return b, nil
	}
	b, _, err := r.blobs.Open(r.ctx, r.chunks[i].Key)
	if err != nil {
		return nil, fmt.Errorf("uploads: upload chunk %s: %w", r.chunks[i].Key, err)
	}
	r.open[i] = b
	return b, nil
}

// Close closes every blob opened.
func (r *chunkReader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var errs []error
	for i, b := range r.open {
		errs = append(errs, b.Close())
		delete(r.open, i)
	}
	return errors.Join(errs...)
}
