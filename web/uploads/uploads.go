// Package uploads is resumable uploading (tus 1.0) under /api/v1/uploads/
// for the dashboard and onair upload: chunks kept in media storage and the
// catalog so any node takes any request, and on the last byte the checked,
// probed file made an episode through package publish.
package uploads

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/tus/tusd/v2/pkg/handler"
	expslog "golang.org/x/exp/slog"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/api"
	"github.com/onair-fm/onair/web/httpx"
)

// Resumable uploads speak tus 1.0 (tusd as the server) under
// /api/v1/uploads/. An upload's state is in the catalog and its bytes are
// chunk blobs in media storage (ChunkStore), so with several nodes on one
// database and storage any node takes any request of it. Only when the
// last byte is in does FinishUpload check the whole file's SHA-256 (sent by the
// client in Upload-Metadata), probe it, stream it into media storage and
// create the episode. The PATCH that completes the upload answers with the
// episode as JSON; GET /api/v1/uploads/{id} answers the same later, so a
// client that lost that answer can still learn what it made.
//
// Upload-Metadata keys: filename, show (slug), sha256 (hex, required),
// and optionally title, status (draft|published), published_at (RFC 3339)
// and episode (an id whose audio the upload replaces).

// Uploads is the tus server and what it needs to finish uploads. Make one
// with New.
type Uploads struct {
	*httpx.Env
	pub   *publish.Service
	api   *api.API // an upload's fields and answer are the API's
	files *ChunkStore
	tus   *handler.UnroutedHandler
}

// New returns the resumable uploads over env, publishing through pub.
func New(env *httpx.Env, pub *publish.Service, api *api.API) (*Uploads, error) {
	s := &Uploads{Env: env, pub: pub, api: api}
	s.files = &ChunkStore{store: s.Store, blobs: s.Blobs, now: s.Now, idleWait: env.Cfg.UploadIdleWait, visible: s.uploadVisible}
	composer := handler.NewStoreComposer()
	s.files.useIn(composer)
	h, err := handler.NewUnroutedHandler(handler.Config{
		StoreComposer:             composer,
		BasePath:                  s.UploadsURL(),
		MaxSize:                   s.Cfg.MaxUpload,
		DisableDownload:           true,
		DisableConcatenation:      true,
		Cors:                      &handler.CorsConfig{Disable: true},
		Logger:                    expslog.New(tusLog{log: s.Log}),
		PreUploadCreateCallback:   s.beforeUpload,
		PreFinishResponseCallback: s.afterUpload,
	})
	if err != nil {
		return nil, err
	}
	s.tus = h
	return s, nil
}

// Routes mounts the tus endpoints. They take a bearer token like the rest
// of the API, or the dashboard's session cookie with its CSRF header.
func (s *Uploads) Routes(r *gin.Engine) {
	t := s.tus
	// tusd takes the upload id from the path, so it sees only what follows
	// the prefix.
	wrap := func(h http.HandlerFunc) gin.HandlerFunc {
		return gin.WrapH(http.StripPrefix("/api/v1/uploads", t.Middleware(h)))
	}
	g := r.Group("/api/v1/uploads", s.uploadAuth, s.uploadWho)
	g.POST("", wrap(t.PostFile))
	g.POST("/", wrap(t.PostFile))
	g.HEAD("/:id", wrap(t.HeadFile))
	g.PATCH("/:id", wrap(t.PatchFile))
	g.DELETE("/:id", wrap(t.DelFile))
	g.GET("/:id", s.Handle(s.uploadResult))
	// A creation may carry the first bytes (creation-with-upload).
	for _, rt := range [][2]string{{http.MethodPost, ""}, {http.MethodPost, "/"}, {http.MethodPatch, "/:id"}} {
		s.SetBodyLimit(rt[0], g.BasePath()+rt[1], s.Cfg.MaxUpload)
	}
}

// beforeUpload checks an upload's metadata before any byte is stored. An
// upload that replaces an episode's audio takes no episode fields, like
// PUT /api/v1/episodes/{id}/audio: they would not be applied, and a title
// or show notes sent with it must not be lost without a word.
func (s *Uploads) beforeUpload(hook handler.HookEvent) (handler.HTTPResponse, handler.FileInfoChanges, error) {
	_, ep, err := s.checkUploadMeta(hook.Context, hook.Upload)
	if err == nil && ep != nil {
		for _, k := range EpisodeFields {
			if hook.Upload.MetaData[k] != "" {
				err = catalog.Invalidf("Upload-Metadata names an episode, whose audio it replaces and nothing else; send %s with PATCH /api/v1/episodes/%s", k, ep.ID)
				break
			}
		}
	}
	if err != nil {
		return handler.HTTPResponse{}, handler.FileInfoChanges{}, tusError(err)
	}
	return handler.HTTPResponse{}, handler.FileInfoChanges{}, nil
}

// checkUploadMeta returns the show (and the episode being replaced, if any)
// an upload is for, when the uploader may write to it.
func (s *Uploads) checkUploadMeta(ctx context.Context, info handler.FileInfo) (*catalog.Show, *catalog.Episode, error) {
	if info.SizeIsDeferred || info.Size <= 0 {
		return nil, nil, catalog.Invalidf("Upload-Length is required and must be positive")
	}
	md := info.MetaData
	if sum, err := hex.DecodeString(md["sha256"]); err != nil || len(sum) != 32 {
		return nil, nil, catalog.Invalidf("Upload-Metadata must carry sha256, the file's SHA-256 in hex")
	}
	sh, ep, err := s.uploadTarget(ctx, md)
	if err != nil {
		return nil, nil, err
	}
	if !uploaderFrom(ctx).canEdit(sh.ID) {
		return nil, nil, httpx.ErrForbidden
	}
	if ep == nil {
		if err := s.checkUploadFields(md); err != nil {
			return nil, nil, err
		}
	}
	return sh, ep, nil
}

// uploadTarget returns the show an upload's metadata names, and the
// episode whose audio it replaces when it names one (its show is then the
// episode's).
func (s *Uploads) uploadTarget(ctx context.Context, md map[string]string) (*catalog.Show, *catalog.Episode, error) {
	if id := md["episode"]; id != "" {
		ep, err := s.Store.GetEpisode(ctx, id)
		if err != nil {
			if errors.Is(err, catalog.ErrNotFound) {
				// Told in the client's words; mayEditUpload still sees ErrNotFound.
				err = httpx.NewError(http.StatusNotFound, "not_found", fmt.Sprintf("episode %q not found", id)).Because(err)
			}
			return nil, nil, err
		}
		sh, err := s.Store.GetShowByID(ctx, ep.ShowID)
		if err != nil {
			return nil, nil, err
		}
		return sh, ep, nil
	}
	if md["show"] == "" {
		return nil, nil, catalog.Invalidf("Upload-Metadata must name the show (or the episode whose audio it replaces)")
	}
	sh, err := s.FindShow(ctx, md["show"])
	if err != nil {
		return nil, nil, err
	}
	return sh, nil, nil
}

// checkUploadFields checks the episode fields of a new episode's upload as
// the finished upload will apply them (publish.CheckNewEpisode), so a value
// the episode would refuse costs no transfer: it is refused at creation,
// not after the last byte.
func (s *Uploads) checkUploadFields(md map[string]string) error {
	req, err := uploadRequest(md)
	if err != nil {
		return err
	}
	return s.pub.CheckNewEpisode(req.Patch())
}

// afterUpload runs in the PATCH that stored the last byte.
func (s *Uploads) afterUpload(hook handler.HookEvent) (handler.HTTPResponse, error) {
	body, err := s.FinishUpload(hook.Context, hook.Upload.ID)
	if err != nil {
		if httpx.ToHTTP(err).Status >= 500 {
			s.Log.ErrorContext(hook.Context, "upload: finish", "upload", hook.Upload.ID, "err", err)
		}
		return handler.HTTPResponse{}, tusError(err)
	}
	return handler.HTTPResponse{StatusCode: http.StatusOK, Body: string(body),
		Header: handler.HTTPHeader{"Content-Type": "application/json; charset=utf-8"}}, nil
}

// uploadResult is GET /api/v1/uploads/{id}: the upload's progress, and its
// episode once complete (finishing it first if the last PATCH's answer was
// lost before the episode was made).
func (s *Uploads) uploadResult(c *gin.Context) error {
	ctx := c.Request.Context()
	id := c.Param("id")
	if !validUploadID(id) {
		return errUploadNotFound(id)
	}
	up, err := s.Store.GetUpload(ctx, id)
	if err == nil && up.Closing {
		err = catalog.ErrNotFound // being deleted
	}
	if err == nil {
		err = s.mayEditUpload(ctx, up)
	}
	if errors.Is(err, catalog.ErrNotFound) {
		return errUploadNotFound(id)
	}
	if err != nil {
		return err
	}
	if up.Result != nil {
		c.Data(http.StatusOK, "application/json; charset=utf-8", up.Result)
		return nil
	}
	if up.Offset < up.Size {
		c.JSON(http.StatusOK, gin.H{"id": up.ID, "offset": up.Offset, "size": up.Size, "complete": false})
		return nil
	}
	if _, _, err := s.checkUploadMeta(ctx, uploadInfo(up)); err != nil {
		return err
	}
	body, err := s.FinishUpload(ctx, id)
	if err != nil {
		return err
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
	return nil
}

// errUploadNotFound is GET /api/v1/uploads/{id}'s one 404: an unknown
// upload, one being deleted and one of a show the requester may not edit
// read the same, so the answer confirms no id.
func errUploadNotFound(id string) error {
	return httpx.NewError(http.StatusNotFound, "not_found", fmt.Sprintf("upload %q not found", id))
}

// tusError turns an onair error into the response tusd sends, in the same
// JSON shape as every other API error.
func tusError(err error) error {
	he := httpx.ToHTTP(err)
	body, _ := json.Marshal(gin.H{"error": gin.H{"code": he.Code, "message": he.Message}})
	return handler.Error{ErrorCode: he.Code, Message: he.Message, HTTPResponse: handler.HTTPResponse{
		StatusCode: he.Status, Body: string(body),
		Header: handler.HTTPHeader{"Content-Type": "application/json; charset=utf-8"},
	}}
}

// validUploadID keeps ids sane before they reach the catalog and blob keys.
func validUploadID(id string) bool {
	return id != "" && len(id) <= 64 && !strings.ContainsAny(id, `/\.`)
}
