package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Local keeps blobs as files under a folder. Writes go to a temporary file
// that is fsynced and then renamed into place, so a reader never sees half a
// blob and a crash leaves at most a stray temporary file (SweepLeftovers
// removes those; serve does it while it runs).
type Local struct {
	root string
}

// NewLocal returns storage rooted at dir, creating it if needed.
func NewLocal(dir string) (*Local, error) {
	if err := os.MkdirAll(filepath.Join(dir, ".tmp"), 0o755); err != nil {
		return nil, fmt.Errorf("media: local storage: %w", err)
	}
	return &Local{root: dir}, nil
}

// StaleTemp is how long a temporary file goes unwritten before it counts
// as a crash's leftover: a live Put writes to it all the time.
const StaleTemp = time.Hour

// ValidKey reports whether key is safe as a blob key: slash-separated
// segments of letters, digits, '.', '_' and '-', none of them "." or "..".
func ValidKey(key string) bool {
	if key == "" || len(key) > 512 {
		return false
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." || seg[0] == '.' {
			return false
		}
		for _, r := range seg {
			ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
			if !ok {
				return false
			}
		}
	}
	return true
}

func (l *Local) path(key string) (string, error) {
	if !ValidKey(key) {
		return "", fmt.Errorf("media: invalid blob key %q", key)
	}
	return filepath.Join(l.root, filepath.FromSlash(key)), nil
}

// Put implements Storage.
func (l *Local) Put(ctx context.Context, key string, r io.Reader) (BlobInfo, error) {
	dst, err := l.path(key)
	if err != nil {
		return BlobInfo{}, err
	}
	if _, err := os.Stat(dst); err == nil {
		return BlobInfo{}, fmt.Errorf("%w: %s", ErrExists, key)
	}
	tmp, err := os.CreateTemp(filepath.Join(l.root, ".tmp"), "put-*")
	if err != nil {
		return BlobInfo{}, fmt.Errorf("media: put %s: %w", key, err)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), ctxReader{ctx, r})
	if err != nil {
		return BlobInfo{}, fmt.Errorf("media: put %s: %w", key, err)
	}
	if err := tmp.Sync(); err != nil {
		return BlobInfo{}, fmt.Errorf("media: put %s: %w", key, err)
	}
	if err := tmp.Close(); err != nil {
		return BlobInfo{}, fmt.Errorf("media: put %s: %w", key, err)
	}
	// Link, not rename: link fails if dst appeared meanwhile, so a key is
	// never overwritten even by two racing writers. A Delete pruning the
	// (empty) folder between MkdirAll and Link is retried.
	for try := 0; ; try++ {
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return BlobInfo{}, fmt.Errorf("media: put %s: %w", key, err)
		}
		err = os.Link(tmp.Name(), dst)
		if err == nil || !errors.Is(err, fs.ErrNotExist) || try == 3 {
			break
		}
	}
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return BlobInfo{}, fmt.Errorf("%w: %s", ErrExists, key)
		}
		return BlobInfo{}, fmt.Errorf("media: put %s: %w", key, err)
	}
	os.Remove(tmp.Name())
	syncDir(filepath.Dir(dst))
	ok = true
	st, err := os.Stat(dst)
	if err != nil {
		return BlobInfo{}, fmt.Errorf("media: put %s: %w", key, err)
	}
	return BlobInfo{Key: key, Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), ModTime: st.ModTime()}, nil
}

// Open implements Storage. The Reader is an *os.File.
func (l *Local) Open(ctx context.Context, key string) (Reader, BlobInfo, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, BlobInfo{}, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, BlobInfo{}, l.wrap("open", key, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, BlobInfo{}, l.wrap("open", key, err)
	}
	return f, BlobInfo{Key: key, Size: st.Size(), ModTime: st.ModTime()}, nil
}

// Stat implements Storage.
func (l *Local) Stat(ctx context.Context, key string) (BlobInfo, error) {
	p, err := l.path(key)
	if err != nil {
		return BlobInfo{}, err
	}
	st, err := os.Stat(p)
	if err != nil {
		return BlobInfo{}, l.wrap("stat", key, err)
	}
	return BlobInfo{Key: key, Size: st.Size(), ModTime: st.ModTime()}, nil
}

// Delete implements Storage.
func (l *Local) Delete(ctx context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media: delete %s: %w", key, err)
	}
	// Remove folders the delete left empty (episodes/ID/ once its last blob
	// is gone), so a rolled-back upload leaves the tree as it was.
	root := filepath.Clean(l.root)
	for dir := filepath.Dir(p); dir != root && strings.HasPrefix(dir, root); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break
		}
	}
	return nil
}

func (l *Local) wrap(op, key string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %s", ErrBlobMissing, key)
	}
	return fmt.Errorf("media: %s %s: %w", op, key, err)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// ctxReader stops a copy when ctx is done, so a cancelled upload does not
// keep writing.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
