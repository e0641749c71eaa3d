package feedsrv

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
)

// apiValidateShow lists what Apple Podcasts and the Podcasting 2.0 spec
// would object to in the show's feed as it is now.
func (s *Feeds) apiValidateShow(c *gin.Context) error {
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	fs, err := s.ShowFindings(c.Request.Context(), sh)
	if err != nil {
		return err
	}
	errs := 0
	for _, f := range fs {
		if f.Severity == feeds.SeverityError {
			errs++
		}
	}
	c.JSON(http.StatusOK, gin.H{"feed": s.FeedURL(sh, feedRSS.name), "errors": errs,
		"warnings": len(fs) - errs, "findings": nonNil(fs)})
	return nil
}

// ShowFindings checks the show's live feed the way Apple would: the show,
// its artwork measured, and every live episode. The API adds these to show
// responses as warnings.
func (s *Feeds) ShowFindings(ctx context.Context, sh *catalog.Show) ([]feeds.Finding, error) {
	in, err := s.liveFeed(ctx, sh)
	if err != nil {
		return nil, err
	}
	return s.findings(ctx, in), nil
}

// NewEpisodeFindings is what ShowFindings says about a new live episode,
// without reading the show's other episodes: with them the check could only
// add a duplicate GUID, which the catalog refuses within a show, or a
// duplicate audio file, which a new upload cannot be. An archive loaded
// episode by episode then costs one episode's check per upload, not the
// whole show's.
func (s *Feeds) NewEpisodeFindings(ctx context.Context, sh *catalog.Show, e *catalog.Episode) []feeds.Finding {
	var out []feeds.Finding
	for _, f := range s.findings(ctx, s.feedInput(sh, []*catalog.Episode{e})) {
		if f.Episode == e.GUID {
			out = append(out, f)
		}
	}
	return out
}

// findings validates a feed, its artworks measured.
func (s *Feeds) findings(ctx context.Context, in feeds.Input) []feeds.Finding {
	check := feeds.CheckOf(in, s.measureArtwork(ctx, in.Show.ArtworkKey))
	for i, e := range in.Episodes {
		// Measurements are cached by key, so this reads each file once.
		check.Items[i].Artwork = s.measureArtwork(ctx, e.ArtworkKey)
	}
	return feeds.Validate(check)
}

// EpisodeFindings checks one episode as the feed will show it, published or
// not yet: the findings about the episode only, for episode responses.
func (s *Feeds) EpisodeFindings(sh *catalog.Show, e *catalog.Episode) []feeds.Finding {
	in := feeds.Input{Show: sh, Episodes: []*catalog.Episode{e}, Links: s.feedLinks(sh)}
	var out []feeds.Finding
	for _, f := range feeds.Validate(feeds.CheckOf(in, nil)) {
		if f.Episode != "" || f.EpisodeTitle != "" {
			out = append(out, f)
		}
	}
	return out
}

// measureArtwork reads the artwork's size and format; nil when there is
// none or it cannot be read (the check then skips what it cannot know).
// Keys never get new bytes, so measurements are kept.
func (s *Feeds) measureArtwork(ctx context.Context, key string) *feeds.Image {
	if key == "" {
		return nil
	}
	if v, ok := s.artworkSizes.Load(key); ok {
		return v.(*feeds.Image)
	}
	r, _, err := s.Blobs.Open(ctx, key)
	if err != nil {
		s.Log.WarnContext(ctx, "feed check: open artwork", "key", key, "err", err)
		return nil
	}
	defer r.Close()
	img, err := feeds.MeasureImage(r)
	if err != nil {
		s.Log.WarnContext(ctx, "feed check: read artwork", "key", key, "err", err)
		return nil
	}
	s.artworkSizes.Store(key, img)
	return img
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
