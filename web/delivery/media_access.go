package delivery

import (
	"errors"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// Who may fetch a blob. A blob's key names its owner (episodes/ID/... or
// shows/ID/...), and replacing audio or artwork deletes the old blob, so
// the owner read for delivery (mediacache.go) is all that decides:
//
//   - a show's artwork is always public;
//   - an episode's audio and artwork are public once the episode is live
//     (published, and its time has come on this node's clock), and stay
//     public and immutable from then on;
//   - before that, only a publisher who may see the episode gets them: a
//     valid API token, or a dashboard session of a user who may edit the
//     show. Everyone else gets the 404 an unknown key gets.
//
// Liveness is computed per request from the cached owner, so a scheduled
// episode becomes playable at its time on every node without a catalog
// read; a status change shows within ownerTTL. Only requests for media
// that is not live cost a token or session lookup.

// mediaAccess decides whether c may have the blob. preview is true when
// the blob is not public yet and c is a publisher allowed to see it: such
// a response must not be cached by anyone else, nor redirected to a URL
// that anyone could reuse.
func (s *Media) mediaAccess(c *gin.Context, blob mediaBlob) (preview bool, err error) {
	ep := blob.episode
	if ep == nil || ep.IsLive(s.Now()) {
		return false, nil
	}
	ok, err := s.mayPreview(c, ep)
	if err != nil {
		return false, err
	}
	if !ok {
		return false, errMediaNotFound
	}
	return true, nil
}

// mayPreview reports whether the request comes from a publisher who may see
// ep before it is live: a valid API bearer token (tokens may do everything),
// or a dashboard session whose user may edit the episode's show.
func (s *Media) mayPreview(c *gin.Context, ep *catalog.Episode) (bool, error) {
	ctx := c.Request.Context()
	if secret, ok := httpx.BearerToken(c.GetHeader("Authorization")); ok {
		_, err := s.TokenFor(ctx, secret)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, catalog.ErrNotFound) {
			return false, err
		}
	}
	ck, err := c.Cookie(httpx.SessionCookie)
	if err != nil || ck == "" {
		return false, nil
	}
	sess, err := s.Store.GetSession(ctx, httpx.HashSecret(ck))
	if errors.Is(err, catalog.ErrNotFound) || (err == nil && !s.Now().Before(sess.ExpiresAt)) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	u, err := s.Store.GetUser(ctx, sess.UserID)
	if errors.Is(err, catalog.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return u.CanEditShow(ep.ShowID), nil
}
