package web

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig for JPEG artwork
	_ "image/png"  // DecodeConfig for PNG artwork
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

var imageMIME = map[string]string{"jpg": "image/jpeg", "png": "image/png"}

// imageExt names a picture feeds can carry (JPEG or PNG) from its bytes,
// or "" when it is neither, whatever the declared type says.
func imageExt(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return "jpg"
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	}
	return ""
}

// apiPutShowArtwork sets the show's cover from the request body: the image
// itself (Content-Type image/jpeg or image/png) or a multipart form with the
// image in a part named "artwork". The old cover is deleted only after the
// show points at the new one.
func (s *Server) apiPutShowArtwork(c *gin.Context) error {
	defer s.track()()
	ctx := c.Request.Context()
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	body, err := artworkBody(c)
	if err != nil {
		return err
	}
	br := bufio.NewReaderSize(body, 4096)
	head, _ := br.Peek(16)
	ext := imageExt(head)
	if ext == "" {
		return httpx.NewError(http.StatusUnsupportedMediaType, "unsupported_media_type",
			"the artwork must be a JPEG or PNG image")
	}
	key := "shows/" + sh.ID + "/" + catalog.NewID() + "." + ext
	if _, err := s.Blobs.Put(ctx, key, br); err != nil {
		return err
	}
	err = s.checkArtwork(ctx, key)
	if err == nil {
		old := sh.ArtworkKey
		sh.ArtworkKey, sh.ArtworkMIME = key, imageMIME[ext]
		if err = s.Store.UpdateShow(ctx, sh); err == nil {
			s.deleteBlobs(context.WithoutCancel(ctx), old)
			sh, err = s.Store.GetShowByID(ctx, sh.ID)
		}
	}
	if err != nil {
		s.deleteBlobs(context.WithoutCancel(ctx), key)
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

// checkArtwork refuses a stored "image" whose header does not decode. Sizes
// Apple would not take are stored, and reported by showWarnings.
func (s *Server) checkArtwork(ctx context.Context, key string) error {
	r, _, err := s.Blobs.Open(ctx, key)
	if err != nil {
		return err
	}
	defer r.Close()
	if _, _, err := image.DecodeConfig(r); err != nil {
		return catalog.Invalidf("the artwork is not a readable image: %v", err)
	}
	return nil
}
