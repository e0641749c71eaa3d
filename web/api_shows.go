package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

func (s *Server) apiCreateShow(c *gin.Context) error {
	var req showRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Slug == nil || req.Title == nil {
		return catalog.Invalidf("slug and title are required")
	}
	sh := &catalog.Show{ID: catalog.NewID(), Language: "en", Type: catalog.ShowEpisodic}
	req.apply(sh)
	if err := catalog.ValidateShow(sh); err != nil {
		return err
	}
	// podcast:guid is fixed from the feed URL the show is born with and
	// kept when the feed moves (a new slug or base URL), as Podcasting 2.0
	// says: UpdateShow never writes it.
	sh.GUID = catalog.ShowGUID(s.FeedURL(sh, "rss"))
	if err := s.Store.CreateShow(c.Request.Context(), sh); err != nil {
		return s.slugTaken(c.Request.Context(), err, sh)
	}
	c.Header("Location", s.APIShowURL(sh))
	v := s.showView(sh)
	v.Warnings = s.showWarnings(c.Request.Context(), sh)
	c.JSON(http.StatusCreated, v)
	return nil
}

func (s *Server) apiListShows(c *gin.Context) error {
	shows, err := s.Store.ListShows(c.Request.Context())
	if err != nil {
		return err
	}
	out := make([]showJSON, 0, len(shows))
	for _, sh := range shows {
		out = append(out, s.showView(sh))
	}
	c.JSON(http.StatusOK, gin.H{"shows": out})
	return nil
}

func (s *Server) apiGetShow(c *gin.Context) error {
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.showView(sh))
	return nil
}

func (s *Server) apiUpdateShow(c *gin.Context) error {
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
	req.apply(sh)
	if err := catalog.ValidateShow(sh); err != nil {
		return err
	}
	if err := s.Store.UpdateShow(ctx, sh); err != nil {
		return s.slugTaken(ctx, err, sh)
	}
	if sh, err = s.Store.GetShowByID(ctx, sh.ID); err != nil {
		return err
	}
	v := s.showView(sh)
	v.Warnings = s.showWarnings(c.Request.Context(), sh)
	c.JSON(http.StatusOK, v)
	return nil
}

// apiDeleteShow removes the show, its episodes, and then their blobs.
func (s *Server) apiDeleteShow(c *gin.Context) error {
	ctx := c.Request.Context()
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	eps, err := s.Store.ListEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID})
	if err != nil {
		return err
	}
	if err := s.Store.DeleteShow(ctx, sh.ID); err != nil {
		return err
	}
	s.ShowChanged(sh.ID) // its cached feeds go
	keys := []string{sh.ArtworkKey}
	for _, e := range eps {
		keys = append(keys, e.Audio.Key, e.ArtworkKey)
	}
	s.deleteBlobs(context.WithoutCancel(ctx), keys...)
	c.Status(http.StatusNoContent)
	return nil
}

// showWarnings lists what Apple Podcasts or Podcasting 2.0 apps would
// refuse or show worse in the show's feed as it is now (feeds.Validate):
// stored anyway, and reported so the publisher can fix it.
func (s *Server) showWarnings(ctx context.Context, sh *catalog.Show) []string {
	return s.findingsFor(ctx, sh, "")
}

// findingsFor is the validator's findings about the show (episodeGUID "")
// or about one of its live episodes, as "what is wrong. How to fix it."
func (s *Server) findingsFor(ctx context.Context, sh *catalog.Show, episodeGUID string) []string {
	fs, err := s.ShowFindings(ctx, sh)
	if err != nil {
		s.Log.WarnContext(ctx, "validate feed for warnings", "show", sh.Slug, "err", err)
		return nil
	}
	var w []string
	for _, f := range fs {
		if f.Episode == episodeGUID {
			w = append(w, f.Message+" "+f.Fix)
		}
	}
	return w
}

// deleteBlobs removes blobs that no row refers to any more. A failure only
// leaves an orphan file, so it is logged, not returned.
func (s *Server) deleteBlobs(ctx context.Context, keys ...string) {
	for _, k := range keys {
		if k == "" {
			continue
		}
		if err := s.Blobs.Delete(ctx, k); err != nil {
			s.Log.WarnContext(ctx, "delete blob", "key", k, "err", err)
		}
	}
}

// apply copies the fields that were sent into sh, cleaning text on the way.
func (r *showRequest) apply(sh *catalog.Show) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&sh.Slug, r.Slug)
	set(&sh.Title, r.Title)
	if r.Description != nil {
		sh.Description = catalog.SanitizeNotes(*r.Description)
	}
	set(&sh.Author, r.Author)
	set(&sh.OwnerName, r.OwnerName)
	set(&sh.OwnerEmail, r.OwnerEmail)
	set(&sh.Language, r.Language)
	set(&sh.Type, r.Type)
	set(&sh.Link, r.Link)
	set(&sh.Copyright, r.Copyright)
	set(&sh.NewFeedURL, r.NewFeedURL)
	if r.Categories != nil {
		sh.Categories = append([]string{}, *r.Categories...)
	}
	for _, b := range []struct {
		dst *bool
		src *bool
	}{{&sh.Explicit, r.Explicit}, {&sh.Locked, r.Locked}, {&sh.Block, r.Block}, {&sh.Complete, r.Complete}} {
		if b.src != nil {
			*b.dst = *b.src
		}
	}
	if r.Funding != nil {
		sh.Funding = nil
		for _, f := range *r.Funding {
			sh.Funding = append(sh.Funding, catalog.Funding{URL: strings.TrimSpace(f.URL), Title: strings.TrimSpace(f.Title)})
		}
	}
	if r.Persons != nil {
		sh.Persons = nil
		for _, p := range *r.Persons {
			sh.Persons = append(sh.Persons, catalog.Person(p))
		}
	}
}

// slugTaken explains a conflict on writing sh: the slug is the only unique
// field a client chooses, and another show has it now or had it before a
// rename (its old URLs redirect to that show, so it stays that show's).
func (s *Server) slugTaken(ctx context.Context, err error, sh *catalog.Show) error {
	if !errors.Is(err, catalog.ErrConflict) {
		return err
	}
	if other, oerr := s.Store.ShowByOldSlug(ctx, sh.Slug); oerr == nil && other.ID != sh.ID {
		return httpx.NewError(http.StatusConflict, "conflict", fmt.Sprintf(
			"the slug %q was the show %q's before it was renamed to %q; its old addresses redirect there, so no other show can take it",
			sh.Slug, other.Title, other.Slug))
	}
	return httpx.NewError(http.StatusConflict, "conflict", fmt.Sprintf("the slug %q is taken by another show", sh.Slug))
}
