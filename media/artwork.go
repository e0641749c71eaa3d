package media

import (
	"bytes"
	"image"
	_ "image/gif" // artwork formats for image.DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"net/http"
)

// artwork describes embedded picture bytes: the MIME type is sniffed from
// the bytes (tags often say "image/jpg" or nothing), the size comes from the
// image header. Data that is not an image gives nil.
func artwork(data []byte, declared string) *Artwork {
	if len(data) == 0 {
		return nil
	}
	mime := http.DetectContentType(data)
	if mime == "application/octet-stream" || !bytes.HasPrefix([]byte(mime), []byte("image/")) {
		if declared == "" {
			return nil
		}
		mime = declared
	}
	a := &Artwork{MIME: mime, Data: data}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		a.Width, a.Height = cfg.Width, cfg.Height
	}
	return a
}
