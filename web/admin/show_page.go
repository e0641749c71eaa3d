package admin

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/api"
	"github.com/onair-fm/onair/web/site"
)

type episodeRow struct {
	Episode *catalog.Episode
	State   string // published, scheduled or draft
}

func (s *Dashboard) episodeState(e *catalog.Episode) string {
	switch {
	case e.Status != catalog.StatusPublished:
		return "draft"
	case e.PublishedAt.After(s.Now()):
		return "scheduled"
	}
	return "published"
}

// embedCode is the iframe a news article pastes to show a player.
func embedCode(src string, height int) string {
	return fmt.Sprintf(`<iframe src="%s" width="100%%" height="%d" frameborder="0" allow="autoplay" loading="lazy" title="Podcast player"></iframe>`,
		template.HTMLEscapeString(src), height)
}

func (s *Dashboard) adminShowPage(c *gin.Context) error {
	ctx := c.Request.Context()
	sh, err := s.showFor(c)
	if err != nil {
		return err
	}
	eps, err := s.Store.ListEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID, Limit: 200})
	if err != nil {
		return err
	}
	rows := make([]episodeRow, 0, len(eps))
	live := 0
	for _, e := range eps {
		rows = append(rows, episodeRow{Episode: e, State: s.episodeState(e)})
		if rows[len(rows)-1].State == "published" {
			live++
		}
	}
	// The feed check's findings, each with its fix; a check that cannot
	// run does not keep the page from showing.
	findings, err := s.feeds.ShowFindings(ctx, sh)
	if err != nil {
		s.Log.WarnContext(ctx, "admin: feed check", "show", sh.Slug, "err", err)
	}
	olds, err := s.Store.OldSlugs(ctx, sh.ID)
	if err != nil {
		return err
	}
	page := s.ShowURL(sh)
	return s.renderAdmin(c, http.StatusOK, "show", sh.Title, gin.H{
		"Show":     sh,
		"ArtURL":   s.MediaURL(sh.ArtworkKey),
		"Episodes": rows,
		"PageURL":  page,
		"Feeds":    api.FeedsJSON{RSS: s.FeedURL(sh, "rss"), Atom: s.FeedURL(sh, "atom"), JSON: s.FeedURL(sh, "json")},
		"Embed":    embedCode(s.ShowPlayerURL(sh), site.PlaylistHeight(site.DefaultLimit)),
		"Player":   s.ShowPlayerURL(sh),
		// The preview is as tall as the playlist is now; the embed code
		// keeps room for a full playlist.
		"PlayerHeight": site.PlaylistHeight(min(live, site.DefaultLimit)),
		"Live":         live > 0,
		"OEmbed":       s.OEmbedURL(page),
		"Findings":     findings,
		"Form": showForm{Show: sh, Categories: catalog.Categories(), Funding: fundingText(sh.Funding),
			Persons: personsText(sh.Persons), ArtURL: s.MediaURL(sh.ArtworkKey), OldSlugs: olds,
			Network: s.networkFormOf(ctx, sh)},
	})
}

const maxArtworkBytes = 10 << 20

// formArtwork reads the form's artwork file, nil when none was sent. The
// show's publishing checks and stores it (publish.CreateShow).
func formArtwork(c *gin.Context) ([]byte, error) {
	fh, err := c.FormFile("artwork")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	}
	if err != nil {
		return nil, catalog.Invalidf("artwork: %v", err)
	}
	if fh.Size > maxArtworkBytes {
		return nil, catalog.Invalidf("artwork is %s; the limit is 10 MB", formatBytes(fh.Size))
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxArtworkBytes+1))
}
