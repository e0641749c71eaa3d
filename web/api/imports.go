package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/importer"
)

// importRequest is POST /api/v1/imports.
type importRequest struct {
	FeedURL     string  `json:"feed_url"`
	Show        string  `json:"show"`
	DryRun      bool    `json:"dry_run"`
	Since       *string `json:"since"`
	Limit       int     `json:"limit"`
	Concurrency int     `json:"concurrency"`
	Mirror      string  `json:"mirror"`
}

// Options checks the request and turns it into the importer's options.
func (r importRequest) Options() (importer.Options, error) {
	o := importer.Options{FeedURL: strings.TrimSpace(r.FeedURL), Show: strings.TrimSpace(r.Show), DryRun: r.DryRun,
		Limit: r.Limit, Concurrency: r.Concurrency}
	u, err := url.Parse(o.FeedURL)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return o, catalog.Invalidf("feed_url %q must be the absolute http(s) URL of the podcast's RSS feed", r.FeedURL)
	case !catalog.ValidSlug(o.Show):
		return o, catalog.Invalidf("show %q must be a slug: 1-64 lowercase letters, digits and inner hyphens", r.Show)
	case o.Limit < 0:
		return o, catalog.Invalidf("limit must not be negative")
	case o.Concurrency < 0 || o.Concurrency > 16:
		return o, catalog.Invalidf("concurrency must be 1 to 16 (0: 4)")
	}
	if r.Since != nil && *r.Since != "" {
		t, err := time.Parse(time.RFC3339, *r.Since)
		if err != nil {
			if t, err = time.Parse("2006-01-02", *r.Since); err != nil {
				return o, catalog.Invalidf("since %q must be a date (2024-01-31) or an RFC 3339 time", *r.Since)
			}
		}
		o.Since = t
	}
	if r.Mirror != "" {
		d, err := time.ParseDuration(r.Mirror)
		if err != nil || d < time.Minute {
			return o, catalog.Invalidf("mirror %q must be a duration of at least 1m, such as 6h", r.Mirror)
		}
		o.Mirror = d
	}
	return o, nil
}

// ImportJSON is an import as the API shows it.
type ImportJSON struct {
	ID         string          `json:"id"`
	URL        string          `json:"url"`
	FeedURL    string          `json:"feed_url"`
	Show       string          `json:"show"`
	State      string          `json:"state"`
	Error      string          `json:"error,omitempty"`
	Report     json.RawMessage `json:"report"`
	CreatedAt  time.Time       `json:"created_at"`
	UpdatedAt  time.Time       `json:"updated_at"`
	FinishedAt *time.Time      `json:"finished_at"`
}

// ImportView is im as the API and the dashboard show it.
func (s *API) ImportView(im *catalog.Import) ImportJSON {
	v := ImportJSON{ID: im.ID, URL: s.URL("/api/v1/imports/" + im.ID), FeedURL: im.FeedURL, Show: im.ShowSlug,
		State: im.State, Error: im.Error, Report: json.RawMessage("null"),
		CreatedAt: im.CreatedAt.UTC(), UpdatedAt: im.UpdatedAt.UTC()}
	if im.Report != nil {
		v.Report = im.Report
	}
	if !im.FinishedAt.IsZero() {
		t := im.FinishedAt.UTC()
		v.FinishedAt = &t
	}
	return v
}

// apiStartImport is POST /imports: 202 with the import, which runs on.
func (s *API) apiStartImport(c *gin.Context) error {
	var req importRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	opts, err := req.Options()
	if err != nil {
		return err
	}
	im, err := s.Imports.Start(opts)
	if err != nil {
		return err
	}
	v := s.ImportView(im)
	c.Header("Location", v.URL)
	c.JSON(http.StatusAccepted, v)
	return nil
}

func (s *API) apiGetImport(c *gin.Context) error {
	im, err := s.Store.GetImport(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.ImportView(im))
	return nil
}

func (s *API) apiListImports(c *gin.Context) error {
	list, err := s.Store.ListImports(c.Request.Context(), 50)
	if err != nil {
		return err
	}
	out := make([]ImportJSON, 0, len(list))
	for _, im := range list {
		v := s.ImportView(im)
		v.Report = nil // the list stays small; GET one for its report
		out = append(out, v)
	}
	c.JSON(http.StatusOK, gin.H{"imports": out})
	return nil
}

// SourceJSON is the feed a show mirrors.
type SourceJSON struct {
	FeedURL      string     `json:"feed_url"`
	Every        string     `json:"every"`
	LastRunAt    *time.Time `json:"last_run_at"`
	LastImportID string     `json:"last_import_id,omitempty"`
}

func (s *API) apiGetSource(c *gin.Context) error {
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	src, err := s.Store.GetShowSource(c.Request.Context(), sh.ID)
	if err != nil {
		return err
	}
	v := SourceJSON{FeedURL: src.FeedURL, Every: src.Every.String(), LastImportID: src.LastImportID}
	if !src.LastRunAt.IsZero() {
		t := src.LastRunAt.UTC()
		v.LastRunAt = &t
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// apiDeleteSource stops mirroring: the old host redirects now.
func (s *API) apiDeleteSource(c *gin.Context) error {
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteShowSource(c.Request.Context(), sh.ID); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
