package uploads

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// Who may do what with an upload: a bearer token reaches every upload, a
// dashboard user (with the CSRF header) only the uploads of shows they may
// edit; every other upload is unknown to them, exactly as a made-up id.

// uploader is who sends an upload request: a dashboard user, or nil for an
// API token, which may do everything. A user may create, resume, delete
// and read the result of uploads only for shows they may edit; every
// other upload is unknown to them (mayEditUpload).
type uploader struct{ user *catalog.User }

type uploaderKey struct{}

func (w uploader) canEdit(showID string) bool { return w.user == nil || w.user.CanEditShow(showID) }

func uploaderFrom(ctx context.Context) uploader {
	w, _ := ctx.Value(uploaderKey{}).(uploader)
	return w
}

// uploadAuth checks a bearer token when one is sent, and otherwise loads the
// dashboard session; uploadWho then decides.
func (s *Uploads) uploadAuth(c *gin.Context) {
	if c.GetHeader("Authorization") != "" {
		s.RequireToken(c)
		return
	}
	s.LoadSession(c)
}

// uploadWho lets a token through, or a signed-in user whose request carries
// the CSRF header, and records who it is for the tus callbacks.
func (s *Uploads) uploadWho(c *gin.Context) {
	var who uploader
	if _, ok := c.Get(httpx.CtxToken); !ok {
		if who.user = httpx.CurrentUser(c); who.user == nil {
			s.WriteError(c, httpx.NewError(http.StatusUnauthorized, "unauthorized", "a bearer token or a dashboard session is required"))
			return
		}
		if !httpx.CSRFOK(c) {
			s.WriteError(c, httpx.ErrCSRF)
			return
		}
	}
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), uploaderKey{}, who))
	c.Next()
}

// uploadVisible is the ChunkStore's check of every tus request for an
// existing upload (HEAD, PATCH, DELETE): catalog.ErrNotFound, which tusd
// answers as an unknown upload, when the requester may not see it.
func (s *Uploads) uploadVisible(ctx context.Context, id string) error {
	if w := uploaderFrom(ctx); w.user == nil || w.user.IsAdmin() {
		return nil // they see every upload: no need to read it
	}
	up, err := s.Store.GetUpload(ctx, id)
	if err != nil {
		return err
	}
	return s.mayEditUpload(ctx, up)
}

// mayEditUpload returns catalog.ErrNotFound when the requester is a
// dashboard user who may not edit the upload's show: an editor of another
// show must learn nothing of an upload, not even that its id exists, so
// the answer is the one for an unknown upload, not a 403. A show or
// episode that is gone cannot be checked, so it hides the upload from
// editors too. API tokens and admins see every upload.
func (s *Uploads) mayEditUpload(ctx context.Context, up *catalog.Upload) error {
	w := uploaderFrom(ctx)
	if w.user == nil || w.user.IsAdmin() {
		return nil
	}
	sh, _, err := s.uploadTarget(ctx, up.MetaData)
	switch {
	case errors.Is(err, catalog.ErrNotFound), errors.Is(err, catalog.ErrInvalid),
		err == nil && !w.canEdit(sh.ID):
		return fmt.Errorf("uploads: upload %s is not the requester's: %w", up.ID, catalog.ErrNotFound)
	}
	return err
}
