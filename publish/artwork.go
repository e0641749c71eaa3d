package publish

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig for JPEG artwork
	_ "image/png"  // DecodeConfig for PNG artwork
	"io"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
	"github.com/onair-fm/onair/media"
)

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

// SetShowArtwork makes the image in r the show's cover, streamed into
// storage under a new key. It must be a JPEG or PNG whose header decodes
// (ErrNotImage, or catalog.ErrInvalid); a size Apple would not take is
// stored anyway, for the feed check to report. The old cover is deleted
// only after the show points at the new one. It returns the show as
// stored.
func (p *Service) SetShowArtwork(ctx context.Context, sh *catalog.Show, r io.Reader) (_ *catalog.Show, err error) {
	br := bufio.NewReaderSize(r, 4096)
	head, _ := br.Peek(16)
	ext := imageExt(head)
	if ext == "" {
		return nil, refuse(ErrNotImage, "the artwork must be a JPEG or PNG image")
	}
	key := "shows/" + sh.ID + "/" + catalog.NewID() + "." + ext
	if _, err := p.blobs.Put(ctx, key, br); err != nil {
		return nil, fmt.Errorf("publish: store artwork: %w", err)
	}
	keys := []string{key}
	defer p.undo(ctx, &keys, &err)
	if err := p.checkArtwork(ctx, key); err != nil {
		return nil, err
	}
	old, oldMIME := sh.ArtworkKey, sh.ArtworkMIME
	sh.ArtworkKey, sh.ArtworkMIME = key, imageMIME[ext]
	if err := p.store.UpdateShow(ctx, sh); err != nil {
		sh.ArtworkKey, sh.ArtworkMIME = old, oldMIME
		return nil, fmt.Errorf("publish: set artwork: %w", err)
	}
	keys = nil
	p.deleteBlobs(ctx, old)
	return p.reloadShow(ctx, sh.ID)
}

// checkArtwork refuses a stored "image" whose header does not decode.
func (p *Service) checkArtwork(ctx context.Context, key string) error {
	r, _, err := p.blobs.Open(ctx, key)
	if err != nil {
		return fmt.Errorf("publish: open artwork: %w", err)
	}
	defer r.Close()
	if _, _, err := image.DecodeConfig(r); err != nil {
		return catalog.Invalidf("the artwork is not a readable image: %v", err)
	}
	return nil
}

// putFormArtwork stores a cover chosen with the show's form, which must
// meet Apple's rules outright (artworkProblems): the publisher is picking
// the picture right then and can pick another.
func (p *Service) putFormArtwork(ctx context.Context, showID string, data []byte) (key, mimeType string, err error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", "", catalog.Invalidf("artwork must be a JPEG or PNG image")
	}
	if problems := artworkProblems(cfg, format); len(problems) > 0 {
		return "", "", catalog.Invalidf("artwork: %s", problems[0])
	}
	ext, mimeType := "jpg", "image/jpeg"
	if format == "png" {
		ext, mimeType = "png", "image/png"
	}
	key = fmt.Sprintf("shows/%s/%s.%s", showID, catalog.NewID(), ext)
	if _, err := p.blobs.Put(ctx, key, bytes.NewReader(data)); err != nil {
		return "", "", fmt.Errorf("publish: store artwork: %w", err)
	}
	return key, mimeType, nil
}

// artworkProblems says what is wrong with an image as podcast artwork.
func artworkProblems(cfg image.Config, format string) []string {
	var out []string
	if format != "jpeg" && format != "png" {
		out = append(out, fmt.Sprintf("the image is %s; it must be JPEG or PNG", format))
	}
	if cfg.Width != cfg.Height {
		out = append(out, fmt.Sprintf("the image is %d×%d; it must be square", cfg.Width, cfg.Height))
	}
	if cfg.Width < 1400 || cfg.Width > 3000 || cfg.Height < 1400 || cfg.Height > 3000 {
		out = append(out, fmt.Sprintf("the image is %d×%d; it must be between 1400 and 3000 pixels on each side", cfg.Width, cfg.Height))
	}
	return out
}

// putEmbeddedArtwork stores a picture found in an audio file as episode
// artwork. A picture Apple would refuse (not a square JPEG or PNG of 1400
// to 3000 pixels; tags often hold a small thumbnail) is skipped (key ""),
// so the show's artwork applies.
func (p *Service) putEmbeddedArtwork(ctx context.Context, episodeID string, art *media.Artwork) (key, mimeType string, err error) {
	ext := imageExt(art.Data)
	if ext == "" {
		return "", "", nil
	}
	if img, err := feeds.MeasureImage(bytes.NewReader(art.Data)); err != nil || !feeds.ArtworkOK(img) {
		return "", "", nil
	}
	key = "episodes/" + episodeID + "/art-" + catalog.NewID() + "." + ext
	if _, err := p.blobs.Put(ctx, key, bytes.NewReader(art.Data)); err != nil {
		return "", "", fmt.Errorf("publish: store episode artwork: %w", err)
	}
	return key, imageMIME[ext], nil
}
