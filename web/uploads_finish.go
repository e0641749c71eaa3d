package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tus/tusd/v2/pkg/filestore"
	"github.com/tus/tusd/v2/pkg/handler"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
)

// finishUpload turns a complete upload into an episode (or new audio for
// one) exactly once, and returns the JSON answer for the client. A file
// whose checksum or audio does not hold up is deleted with its upload: it
// can never become an episode, and the client must start again.
func (s *Server) finishUpload(ctx context.Context, info handler.FileInfo) ([]byte, error) {
	u := s.admin.uploads
	unlock := u.lock(info.ID)
	defer unlock()
	if b, err := os.ReadFile(u.resultPath(info.ID)); err == nil {
		return b, nil
	}
	sh, ep, err := s.checkUploadMeta(ctx, info)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(info.Storage[filestore.StorageKeyPath])
	if err != nil {
		return nil, fmt.Errorf("web: upload %s: %w", info.ID, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return nil, fmt.Errorf("web: upload %s: %w", info.ID, err)
	}
	if n != info.Size {
		return nil, fmt.Errorf("web: upload %s: %d bytes on disk, want %d", info.ID, n, info.Size)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if want := strings.ToLower(info.MetaData["sha256"]); sum != want {
		u.drop(ctx, info.ID)
		return nil, catalog.Invalidf("checksum mismatch: the server received a file with SHA-256 %s, the client announced %s; upload it again", sum, want)
	}
	// Probe before storing: a file that is not audio onair can read never
	// reaches media storage.
	if _, err := media.Probe(f, n); err != nil {
		u.drop(ctx, info.ID)
		return nil, fmt.Errorf("web: upload %s: %w", info.ID, err)
	}
	ep, err = s.episodeFromUpload(ctx, sh, ep, f, sum, info.MetaData)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(s.uploadAnswer(sh, ep))
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(u.resultPath(info.ID), body, 0o600); err != nil {
		return nil, fmt.Errorf("web: upload %s: %w", info.ID, err)
	}
	// The bytes live in media storage now; free the disk at once. The
	// .info and .result files stay until the janitor's expiry, so a client
	// asking again still learns the episode.
	os.Remove(info.Storage[filestore.StorageKeyPath])
	return body, nil
}

// drop deletes an upload's files.
func (u *uploads) drop(ctx context.Context, id string) {
	if up, err := u.files.GetUpload(ctx, id); err == nil {
		u.files.AsTerminatableUpload(up).Terminate(ctx)
	}
	os.Remove(u.resultPath(id))
}

// CleanUploads removes uploads whose last byte arrived longer ago than the
// upload expiry, finished or not, and returns how many it removed.
func (s *Server) CleanUploads(now time.Time) (int, error) {
	if s.admin == nil || s.admin.uploads == nil {
		return 0, nil
	}
	u := s.admin.uploads
	infos, err := filepath.Glob(filepath.Join(u.dir, "*.info"))
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, infoPath := range infos {
		id := strings.TrimSuffix(filepath.Base(infoPath), ".info")
		last := time.Time{}
		for _, p := range []string{infoPath, filepath.Join(u.dir, id), u.resultPath(id)} {
			if st, err := os.Stat(p); err == nil && st.ModTime().After(last) {
				last = st.ModTime()
			}
		}
		if now.Sub(last) < u.expiry {
			continue
		}
		unlock := u.lock(id)
		for _, p := range []string{filepath.Join(u.dir, id), infoPath, u.resultPath(id), filepath.Join(u.dir, id+".lock")} {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				s.log.Warn("uploads: clean", "err", err)
			}
		}
		unlock()
		u.mu.Lock()
		delete(u.running, id)
		u.mu.Unlock()
		removed++
	}
	return removed, nil
}

// RunJanitor removes abandoned uploads and expired dashboard sessions
// every interval until ctx ends. Call it after Handler.
func (s *Server) RunJanitor(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(max(interval, time.Second))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := s.CleanUploads(s.now()); err != nil {
			s.log.Warn("uploads: clean", "err", err)
		} else if n > 0 {
			s.log.Info("uploads: removed abandoned uploads", "count", n)
		}
		if _, err := s.store.DeleteExpiredSessions(ctx, s.now()); err != nil {
			s.log.Warn("sessions: clean", "err", err)
		}
	}
}
