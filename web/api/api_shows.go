package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
	"github.com/onair-fm/onair/publish"
)

func (s *API) apiCreateShow(c *gin.Context) error {
	var req showRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	patch := req.Patch()
	var err error
	if patch.NetworkPatch, err = s.networkPatch(c, &req.networkRequest); err != nil {
		return err
	}
	sh, err := publish.NewShow(patch)
	if err != nil {
		return err
	}
	if err := s.pub.CreateShow(c.Request.Context(), sh, nil); err != nil {
		return err
	}
	c.Header("Location", s.APIShowURL(sh))
	v := s.showView(sh)
	v.Warnings = s.showWarnings(c.Request.Context(), sh)
	c.JSON(http.StatusCreated, v)
	return nil
}

func (s *API) apiListShows(c *gin.Context) error {
	shows, err := s.Store.ListShows(c.Request.Context())
	if err != nil {
		return err
	}
	out := make([]ShowJSON, 0, len(shows))
	for _, sh := range shows {
		out = append(out, s.showView(sh))
	}
	c.JSON(http.StatusOK, gin.H{"shows": out})
	return nil
}

func (s *API) apiGetShow(c *gin.Context) error {
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.showView(sh))
	return nil
}

func (s *API) apiUpdateShow(c *gin.Context) error {
	var req showRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request.Context()
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	// A new slug moves the show: the store keeps the old one, whose URLs
	// redirect to the new ones (moved.go).
	patch := req.Patch()
	if patch.NetworkPatch, err = s.networkPatch(c, &req.networkRequest); err != nil {
		return err
	}
	patch.Apply(sh)
	if sh, err = s.pub.UpdateShow(ctx, sh, nil); err != nil {
		return err
	}
	v := s.showView(sh)
	v.Warnings = s.showWarnings(c.Request.Context(), sh)
	c.JSON(http.StatusOK, v)
	return nil
}

// apiDeleteShow removes the show, its episodes, and then their blobs.
func (s *API) apiDeleteShow(c *gin.Context) error {
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	if err := s.pub.DeleteShow(c.Request.Context(), sh); err != nil {
		return err
	}
	s.feeds.ShowChanged(sh.ID) // its cached feeds go
	c.Status(http.StatusNoContent)
	return nil
}

// showWarnings lists what Apple Podcasts or Podcasting 2.0 apps would
// refuse or show worse in the show's feed as it is now (feeds.Validate):
// stored anyway, and reported so the publisher can fix it.
func (s *API) showWarnings(ctx context.Context, sh *catalog.Show) []string {
	return s.findingsFor(ctx, sh, "")
}

// findingsFor is the validator's findings about the show (episodeGUID "")
// or about one of its live episodes, as "what is wrong. How to fix it."
func (s *API) findingsFor(ctx context.Context, sh *catalog.Show, episodeGUID string) []string {
	fs, err := s.feeds.ShowFindings(ctx, sh)
	if err != nil {
		s.Log.WarnContext(ctx, "validate feed for warnings", "show", sh.Slug, "err", err)
		return nil
	}
	return findingWarnings(fs, episodeGUID)
}

// findingWarnings words the findings about one episode (or the show, for
// episodeGUID "") as warnings.
func findingWarnings(fs []feeds.Finding, episodeGUID string) []string {
	var w []string
	for _, f := range fs {
		if f.Episode == episodeGUID {
			w = append(w, f.Message+" "+f.Fix)
		}
	}
	return w
}
