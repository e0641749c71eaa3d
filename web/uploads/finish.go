package uploads

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/tus/tusd/v2/pkg/handler"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/web/httpx"
)

// finishClaimTTL is how long a claim to finish an upload lasts unless
// renewed; a node that dies while finishing holds the others up this long.
const finishClaimTTL = time.Minute

// uploadInfo is the catalog's upload as tusd describes it.
func uploadInfo(u *catalog.Upload) handler.FileInfo {
	return handler.FileInfo{ID: u.ID, Size: u.Size, Offset: u.Offset, MetaData: u.MetaData}
}

// FinishUpload turns a complete upload into an episode (or new audio for
// one) exactly once, on whichever node gets there first, and returns the
// JSON answer for the client. A file whose checksum or audio does not
// hold up, or whose show or episode is gone, is deleted with its upload
// (refusedForGood): it can never become an episode, and the client must
// start again.
func (s *Uploads) FinishUpload(ctx context.Context, id string) ([]byte, error) {
	files := s.files
	up, release, err := s.claimUpload(ctx, id)
	if err != nil {
		return nil, err
	}
	if up.Result != nil {
		return up.Result, nil
	}
	defer release()
	info := uploadInfo(up)
	sh, ep, err := s.checkUploadMeta(ctx, info)
	if err != nil {
		if refusedForGood(err) {
			s.dropUpload(ctx, up)
		}
		return nil, err
	}
	f := files.file(ctx, up)
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return nil, fmt.Errorf("uploads: upload %s: %w", id, err)
	}
	if n != up.Size {
		return nil, fmt.Errorf("uploads: upload %s: %d bytes stored, want %d", id, n, up.Size)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if want := strings.ToLower(info.MetaData["sha256"]); sum != want {
		s.dropUpload(ctx, up)
		return nil, catalog.Invalidf("checksum mismatch: the server received a file with SHA-256 %s, the client announced %s; upload it again", sum, want)
	}
	// Probe before storing: a file that is not audio onair can read never
	// reaches media storage.
	if err := s.pub.CheckAudio(f, n, info.MetaData["filename"]); err != nil {
		s.dropUpload(ctx, up)
		return nil, fmt.Errorf("uploads: upload %s: %w", id, err)
	}
	ep, err = s.episodeFromUpload(ctx, sh, ep, f, sum, info.MetaData)
	if err != nil {
		if refusedForGood(err) {
			s.dropUpload(ctx, up)
		}
		return nil, err
	}
	body, err := json.Marshal(s.uploadAnswer(ctx, sh, ep))
	if err != nil {
		return nil, err
	}
	if err := s.Store.FinishUpload(ctx, id, body, s.Now()); err != nil {
		return nil, err
	}
	// The bytes live in the episode's blob now; free the chunks at once.
	// The row stays until the janitor's expiry, so a client asking again
	// still learns the episode.
	if err := files.deleteChunks(context.WithoutCancel(ctx), up.Chunks); err != nil {
		s.Log.WarnContext(ctx, "upload: delete chunks", "upload", id, "err", err)
	}
	return body, nil
}

// refusedForGood reports whether finishing an upload failed for a reason
// asking again cannot change: its show or episode is gone, its metadata
// or audio is refused. Its metadata never changes, so such an upload is
// deleted with its bytes, as README promises of a refused upload. A blob
// missing from storage or a conflict may pass, and so may a server error;
// a 403 says only that this requester may not finish it, not its owner.
func refusedForGood(err error) bool {
	switch st := httpx.ToHTTP(err).Status; {
	case st < 400 || st >= 500, st == http.StatusConflict, st == http.StatusForbidden:
		return false
	}
	return !errors.Is(err, media.ErrBlobMissing)
}

// claimUpload waits until this call may finish the upload, and returns it
// with a func that gives the claim up, or returns it finished (Result set)
// when another request, maybe on another node, finished it meanwhile.
// The claim is renewed until given up.
func (s *Uploads) claimUpload(ctx context.Context, id string) (*catalog.Upload, func(), error) {
	release, err := s.files.claim(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	up, err := s.Store.GetUpload(ctx, id)
	if err == nil && up.Closing {
		up, err = nil, fmt.Errorf("uploads: upload %s is being deleted: %w", id, catalog.ErrNotFound)
	}
	if err != nil || up.Result != nil {
		release()
		return up, nil, err
	}
	return up, release, nil
}

// dropUpload deletes an upload's chunks and row.
func (s *Uploads) dropUpload(ctx context.Context, up *catalog.Upload) {
	if err := s.files.drop(context.WithoutCancel(ctx), up.ID, false); err != nil {
		s.Log.WarnContext(ctx, "upload: drop", "upload", up.ID, "err", err)
	}
}

// CleanUploads removes uploads whose last byte (or result) arrived longer
// ago than the upload expiry, finished or not, and returns how many it
// removed. An upload some node is finishing right now is left alone. It
// stops when ctx ends: the store may be closed right after.
func (s *Uploads) CleanUploads(ctx context.Context, now time.Time) (int, error) {
	stale, err := s.Store.StaleUploads(ctx, now.Add(-s.Cfg.UploadExpiry), 1000)
	if err != nil {
		return 0, err
	}
	holder := catalog.NewID()
	removed := 0
	for _, up := range stale {
		if err := ctx.Err(); err != nil {
			return removed, err
		}
		ok, err := s.Store.ClaimUpload(ctx, up.ID, holder, s.Now(), finishClaimTTL)
		if err != nil || !ok {
			continue
		}
		if err := s.files.drop(ctx, up.ID, false); err != nil {
			s.Log.Warn("uploads: clean", "upload", up.ID, "err", err)
			s.Store.ClaimUpload(ctx, up.ID, holder, s.Now(), 0)
			continue
		}
		removed++
	}
	return removed, nil
}
