package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// apiCreateEpisode is the upload: a multipart form with the audio file in
// the part named "audio" and the episode's fields as other parts.
func (s *API) apiCreateEpisode(c *gin.Context) error {
	defer s.Uploads.Track()()
	ctx := c.Request.Context()
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	fields, up, err := s.receiveUpload(c, "", true)
	if err != nil {
		return err
	}
	req, err := EpisodeRequestFrom(fields)
	if err != nil {
		s.pub.Discard(ctx, up)
		return err
	}
	e, err := s.pub.CreateEpisode(ctx, sh, up, req.Patch())
	if err != nil {
		return err
	}
	c.Header("Location", s.APIEpisodeURL(e))
	c.JSON(http.StatusCreated, s.NewEpisodeResponse(ctx, sh, e))
	return nil
}

func (s *API) apiListEpisodes(c *gin.Context) error {
	ctx := c.Request.Context()
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	limit, offset, err := queryPage(c)
	if err != nil {
		return err
	}
	f := catalog.EpisodeFilter{ShowID: sh.ID, Limit: limit, Offset: offset}
	eps, err := s.Store.ListEpisodes(ctx, f)
	if err != nil {
		return err
	}
	total, err := s.Store.CountEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID})
	if err != nil {
		return err
	}
	out := make([]EpisodeJSON, 0, len(eps))
	for _, e := range eps {
		out = append(out, s.episodeView(sh, e))
	}
	c.JSON(http.StatusOK, gin.H{"episodes": out, "total": total, "limit": limit, "offset": offset})
	return nil
}

func (s *API) apiGetEpisode(c *gin.Context) error {
	sh, e, err := s.episodeByParam(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.episodeView(sh, e))
	return nil
}

func (s *API) apiUpdateEpisode(c *gin.Context) error {
	var req EpisodeRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request.Context()
	sh, e, err := s.episodeByParam(c)
	if err != nil {
		return err
	}
	if e, err = s.pub.UpdateEpisode(ctx, e, req.Patch()); err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.EpisodeResponse(ctx, sh, e))
	return nil
}

// apiDeleteEpisode removes the episode with its blobs.
func (s *API) apiDeleteEpisode(c *gin.Context) error {
	_, e, err := s.episodeByParam(c)
	if err != nil {
		return err
	}
	if err := s.pub.DeleteEpisode(c.Request.Context(), e); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// apiReplaceAudio gives an episode new audio under a new key; its id, GUID
// and metadata stay. The body is multipart with an "audio" part, or the
// audio itself.
func (s *API) apiReplaceAudio(c *gin.Context) error {
	defer s.Uploads.Track()()
	ctx := c.Request.Context()
	sh, e, err := s.episodeByParam(c)
	if err != nil {
		return err
	}
	_, up, err := s.receiveUpload(c, e.ID, false)
	if err != nil {
		return err
	}
	if e, err = s.pub.ReplaceAudio(ctx, e, up); err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.EpisodeResponse(ctx, sh, e))
	return nil
}

// apiSetEpisodeArticles sets the episode's related articles, in order.
func (s *API) apiSetEpisodeArticles(c *gin.Context) error {
	var req episodeArticlesRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.ArticleIDs == nil {
		return catalog.Invalidf("article_ids is required (an empty list removes every related article)")
	}
	sh, e, err := s.episodeByParam(c)
	if err != nil {
		return err
	}
	if e, err = s.pub.SetArticles(c.Request.Context(), e, *req.ArticleIDs); err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.episodeView(sh, e))
	return nil
}

// episodeByParam loads the episode named by :id and its show.
func (s *API) episodeByParam(c *gin.Context) (*catalog.Show, *catalog.Episode, error) {
	ctx := c.Request.Context()
	e, err := s.Store.GetEpisode(ctx, c.Param("id"))
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, nil, httpx.NotFound("episode", c.Param("id"))
	}
	if err != nil {
		return nil, nil, err
	}
	sh, err := s.Store.GetShowByID(ctx, e.ShowID)
	if err != nil {
		return nil, nil, err
	}
	return sh, e, nil
}

// EpisodeResponse is the episode with warnings: what reading new audio
// found (e.Warnings: a truncated file, cleaned tag text), what podcast apps
// will not show as the publisher expects, and the feed validator's findings
// about it once it is live.
func (s *API) EpisodeResponse(ctx context.Context, sh *catalog.Show, e *catalog.Episode) EpisodeJSON {
	return s.episodeResponse(ctx, sh, e, false)
}

// NewEpisodeResponse is EpisodeResponse for an episode just created: the
// feed validator's findings come from checking it alone
// (feedsrv.NewEpisodeFindings), which says the same at a fraction of the
// cost when uploads come one after another.
func (s *API) NewEpisodeResponse(ctx context.Context, sh *catalog.Show, e *catalog.Episode) EpisodeJSON {
	return s.episodeResponse(ctx, sh, e, true)
}

func (s *API) episodeResponse(ctx context.Context, sh *catalog.Show, e *catalog.Episode, created bool) EpisodeJSON {
	v := s.episodeView(sh, e)
	v.Warnings = append(v.Warnings, e.Warnings...)
	if n := len(e.Description); n > catalog.DescriptionLimit {
		v.Warnings = append(v.Warnings, fmt.Sprintf("The description is %d bytes; Apple Podcasts shows only the first %d.", n, catalog.DescriptionLimit))
	}
	switch {
	case e.Status == catalog.StatusDraft:
		v.Warnings = append(v.Warnings, "status is draft: the episode is not in feeds until it is published")
		v.Warnings = append(v.Warnings, s.episodeWarnings(sh, e)...)
	case e.PublishedAt.After(s.Now()):
		v.Warnings = append(v.Warnings, "published_at is in the future: the episode is scheduled and not in feeds yet")
		v.Warnings = append(v.Warnings, s.episodeWarnings(sh, e)...)
	case created:
		v.Warnings = append(v.Warnings, findingWarnings(s.feeds.NewEpisodeFindings(ctx, sh, e), e.GUID)...)
	default:
		v.Warnings = append(v.Warnings, s.findingsFor(ctx, sh, e.GUID)...)
	}
	return v
}

// episodeWarnings is what the feed check will say about an episode that is
// not live yet, e.g. an audio format apps will not play: an upload is where
// the publisher can still fix it.
func (s *API) episodeWarnings(sh *catalog.Show, e *catalog.Episode) []string {
	var w []string
	for _, f := range s.feeds.EpisodeFindings(sh, e) {
		w = append(w, f.Message+" "+f.Fix)
	}
	return w
}

// queryPage reads a list's limit (1-1000, default 100) and offset.
func queryPage(c *gin.Context) (limit, offset int, err error) {
	if limit, err = queryInt(c, "limit", 100, 1, 1000); err != nil {
		return 0, 0, err
	}
	offset, err = queryInt(c, "offset", 0, 0, 1<<31-1)
	return limit, offset, err
}

// queryInt reads an integer query parameter within [lo, hi].
func queryInt(c *gin.Context, name string, def, lo, hi int) (int, error) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, catalog.Invalidf("%s %q must be a whole number from %d to %d", name, v, lo, hi)
	}
	return n, nil
}
