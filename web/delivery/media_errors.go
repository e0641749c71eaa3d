package delivery

import (
	"errors"
	"net/http"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/web/httpx"
)

// errMediaNotFound is the one 404 of media delivery: an unknown key, a
// missing blob and media that is not live yet all read the same, so the
// answer tells nothing about which it was.
var errMediaNotFound = httpx.NewError(http.StatusNotFound, "not_found", "no such media file")

// mediaNotFound turns the not-found errors of resolving and opening a blob
// into errMediaNotFound; other errors pass unchanged.
func mediaNotFound(err error) error {
	if errors.Is(err, catalog.ErrNotFound) || errors.Is(err, media.ErrBlobMissing) {
		return errMediaNotFound
	}
	return err
}
