package api

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// maxArtwork caps an artwork upload; Apple's 3000x3000 limit fits well
// inside it.
const maxArtwork = 20 << 20

// apiPutShowArtwork sets the show's cover from the request body: the image
// itself (Content-Type image/jpeg or image/png) or a multipart form with the
// image in a part named "artwork". The old cover is deleted only after the
// show points at the new one.
func (s *API) apiPutShowArtwork(c *gin.Context) error {
	defer s.Uploads.Track()()
	ctx := c.Request.Context()
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	body, err := artworkBody(c)
	if err != nil {
		return err
	}
	if sh, err = s.pub.SetShowArtwork(ctx, sh, body); err != nil {
		return err
	}
	v := s.showView(sh)
	v.Warnings = s.showWarnings(ctx, sh)
	c.JSON(http.StatusOK, v)
	return nil
}

// artworkBody returns the image bytes of an artwork upload as a stream.
func artworkBody(c *gin.Context) (io.Reader, error) {
	r := c.Request
	if r.ContentLength > maxArtwork {
		return nil, &http.MaxBytesError{Limit: maxArtwork}
	}
	r.Body = http.MaxBytesReader(c.Writer, r.Body, maxArtwork)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case strings.HasPrefix(mt, "image/"):
		return r.Body, nil
	case mt == "multipart/form-data":
		mr, err := r.MultipartReader()
		if err != nil {
			return nil, badMultipart(err)
		}
		for {
			p, err := mr.NextPart()
			if err != nil {
				if err == io.EOF {
					return nil, catalog.Invalidf("the image is missing: send it in a multipart part named \"artwork\"")
				}
				return nil, badMultipart(err)
			}
			if p.FormName() == "artwork" {
				return p, nil
			}
			p.Close()
		}
	}
	return nil, httpx.NewError(http.StatusUnsupportedMediaType, "unsupported_media_type",
		fmt.Sprintf("Content-Type %q: send the image itself (image/jpeg or image/png) or multipart/form-data with a part named \"artwork\"", mt))
}
