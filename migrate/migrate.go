// Package migrate moves a whole onair installation, catalog and blobs, from
// one store and storage to another: SQLite and a folder to PostgreSQL and
// S3, and back. Every id, GUID, blob key and timestamp is kept, so every
// feed, page and media URL stays what it was; so is the history of counted
// downloads (not the range events of the last seconds, not yet counted).
//
// A run can be interrupted and run again: what is already in the target is
// skipped. Blobs go before the rows that refer to them, and each copy is
// read back and its SHA-256 compared before its row is written, so a row
// in the target means its blobs are there and verified.
package migrate

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
)

// Site is one installation: its catalog and its blobs.
type Site struct {
	Store catalog.Store
	Blobs media.Storage
}

// Options tune a copy.
type Options struct {
	// Force copies into a target that holds data not from this source
	// (rows from the source are still added, nothing of the target's is
	// removed) and replaces target blobs whose bytes differ.
	Force bool
	// SkipMissing copies rows whose blobs are missing from the source
	// (counted in Report.BlobsMissing and reported to Progress as
	// "missing") instead of stopping at the first.
	SkipMissing bool
	// Progress, when set, hears of each blob copied or verified.
	Progress func(key string, size int64, what string)
}

// Report counts what a copy did.
type Report struct {
	Shows, Episodes, Articles, Tokens int // rows created
	Users                             int // dashboard users created
	Subscribers                       int // members of shows created
	RowsSkipped                       int // rows already in the target
	Links                             int // episodes whose related articles were set
	Downloads                         int // counted downloads carried over (or already there)
	BlobsCopied, BlobsSkipped         int
	BlobsMissing                      int // missing from the source (with SkipMissing)
	BytesCopied                       int64
}

// ErrTargetNotEmpty is returned when the target holds data that did not
// come from the source and Options.Force is not set.
var ErrTargetNotEmpty = errors.New("migrate: target is not empty")

// Copy copies everything in from into to.
func Copy(ctx context.Context, from, to Site, opts Options) (Report, error) {
	var rep Report
	if opts.Progress == nil {
		opts.Progress = func(string, int64, string) {}
	}
	src, err := load(ctx, from.Store)
	if err != nil {
		return rep, fmt.Errorf("migrate: read source: %w", err)
	}
	dst, err := load(ctx, to.Store)
	if err != nil {
		return rep, fmt.Errorf("migrate: read target: %w", err)
	}
	if foreign := dst.notIn(src); len(foreign) > 0 && !opts.Force {
		return rep, fmt.Errorf("%w: it holds %d rows that are not from the source (first: %s); use --force to copy into it anyway",
			ErrTargetNotEmpty, len(foreign), foreign[0])
	}
	bc := &blobCopier{from: from.Blobs, to: to.Blobs, force: opts.Force, skipMissing: opts.SkipMissing, rep: &rep, progress: opts.Progress}
	c := &copier{from: from.Store, to: to.Store, dst: dst, rep: &rep, blobs: bc}
	steps := []func(context.Context, *snapshot) error{c.articles, c.tokens, c.shows, c.subscribers, c.users, c.episodes, c.downloads}
	for _, step := range steps {
		if err := step(ctx, src); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// snapshot is everything in a catalog, by id.
type snapshot struct {
	shows    []*catalog.Show
	episodes []*catalog.Episode
	articles []*catalog.Article
	tokens   []*catalog.Token
	users    []*catalog.User
	ids      map[string]string // id -> what it is, for every row
}

func load(ctx context.Context, st catalog.Store) (*snapshot, error) {
	s := &snapshot{ids: map[string]string{}}
	var err error
	if s.shows, err = st.ListShows(ctx); err != nil {
		return nil, err
	}
	for _, sh := range s.shows {
		s.ids[sh.ID] = "show " + sh.Slug
		eps, err := st.ListEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID})
		if err != nil {
			return nil, err
		}
		for _, e := range eps {
			s.ids[e.ID] = "episode " + e.ID
		}
		s.episodes = append(s.episodes, eps...)
	}
	if s.articles, err = st.ListArticles(ctx, "", 0); err != nil {
		return nil, err
	}
	for _, a := range s.articles {
		s.ids[a.ID] = "article " + a.URL
	}
	if s.tokens, err = st.ListTokens(ctx); err != nil {
		return nil, err
	}
	for _, t := range s.tokens {
		s.ids[t.ID] = "token " + t.Name
	}
	if s.users, err = st.ListUsers(ctx); err != nil {
		return nil, err
	}
	for _, u := range s.users {
		s.ids[u.ID] = "user " + u.Email
	}
	return s, nil
}

// notIn lists the rows of s that other does not have.
func (s *snapshot) notIn(other *snapshot) []string {
	var out []string
	for id, what := range s.ids {
		if _, ok := other.ids[id]; !ok {
			out = append(out, what)
		}
	}
	slices.Sort(out)
	return out
}

func (s *snapshot) has(id string) bool { _, ok := s.ids[id]; return ok }

// copier writes rows into the target.
type copier struct {
	from  catalog.Store
	to    catalog.Store
	dst   *snapshot
	rep   *Report
	blobs *blobCopier
}

func (c *copier) articles(ctx context.Context, src *snapshot) error {
	for _, a := range src.articles {
		if c.dst.has(a.ID) {
			c.rep.RowsSkipped++
			continue
		}
		cp := *a
		if err := c.to.CreateArticle(ctx, &cp); err != nil {
			return fmt.Errorf("migrate: article %s: %w", a.URL, err)
		}
		c.rep.Articles++
	}
	return nil
}

func (c *copier) tokens(ctx context.Context, src *snapshot) error {
	for _, t := range src.tokens {
		if c.dst.has(t.ID) {
			c.rep.RowsSkipped++
			continue
		}
		cp := *t
		if err := c.to.CreateToken(ctx, &cp); err != nil {
			return fmt.Errorf("migrate: token %s: %w", t.Name, err)
		}
		c.rep.Tokens++
	}
	return nil
}

func (c *copier) shows(ctx context.Context, src *snapshot) error {
	for _, s := range src.shows {
		have := c.dst.has(s.ID)
		if err := c.blobs.ensure(ctx, s.ArtworkKey, "", have); err != nil {
			return err
		}
		if have {
			c.rep.RowsSkipped++
		} else {
			cp := *s
			if err := c.to.CreateShow(ctx, &cp); err != nil {
				return fmt.Errorf("migrate: show %s: %w", s.Slug, err)
			}
			c.rep.Shows++
		}
		if err := c.oldSlugs(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// oldSlugs copies the slugs the show had before, so that its old URLs go
// on redirecting. The target keeps those it has already.
func (c *copier) oldSlugs(ctx context.Context, s *catalog.Show) error {
	olds, err := c.from.OldSlugs(ctx, s.ID)
	if err != nil {
		return fmt.Errorf("migrate: old slugs of show %s: %w", s.Slug, err)
	}
	for _, o := range olds {
		if err := c.to.AddOldSlug(ctx, s.ID, o); err != nil {
			return fmt.Errorf("migrate: old slug %s of show %s: %w", o.Slug, s.Slug, err)
		}
	}
	return nil
}

// users copies dashboard users with their password hashes and show
// grants (after the shows they name). Sessions stay behind: users sign in
// again on the new installation.
func (c *copier) users(ctx context.Context, src *snapshot) error {
	for _, u := range src.users {
		if c.dst.has(u.ID) {
			c.rep.RowsSkipped++
			continue
		}
		cp := *u
		if err := c.to.CreateUser(ctx, &cp); err != nil {
			return fmt.Errorf("migrate: user %s: %w", u.Email, err)
		}
		c.rep.Users++
	}
	return nil
}

func (c *copier) episodes(ctx context.Context, src *snapshot) error {
	for _, e := range src.episodes {
		have := c.dst.has(e.ID)
		if err := c.blobs.ensure(ctx, e.Audio.Key, e.Audio.SHA256, have); err != nil {
			return err
		}
		if err := c.blobs.ensure(ctx, e.ArtworkKey, "", have); err != nil {
			return err
		}
		if have {
			c.rep.RowsSkipped++
		} else {
			cp := *e
			cp.Articles = nil
			if err := c.to.CreateEpisode(ctx, &cp); err != nil {
				return fmt.Errorf("migrate: episode %s: %w", e.ID, err)
			}
			c.rep.Episodes++
		}
		if err := c.links(ctx, e); err != nil {
			return err
		}
		if err := c.transcripts(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// transcripts gives the target episode the source's transcripts (uploaded
// and generated) that it does not have yet.
func (c *copier) transcripts(ctx context.Context, e *catalog.Episode) error {
	for _, origin := range []string{catalog.TranscriptUploaded, catalog.TranscriptGenerated} {
		t, err := c.from.Transcript(ctx, e.ID, origin)
		if errors.Is(err, catalog.ErrNotFound) {
			continue
		} else if err != nil {
			return fmt.Errorf("migrate: episode %s transcript: %w", e.ID, err)
		}
		if _, err := c.to.Transcript(ctx, e.ID, origin); err == nil {
			continue
		} else if !errors.Is(err, catalog.ErrNotFound) {
			return fmt.Errorf("migrate: episode %s transcript: %w", e.ID, err)
		}
		if err := c.to.PutTranscript(ctx, t); err != nil {
			return fmt.Errorf("migrate: episode %s transcript: %w", e.ID, err)
		}
	}
	return nil
}

// links gives the target episode the source's related articles, in order,
// unless it has them already.
func (c *copier) links(ctx context.Context, e *catalog.Episode) error {
	want := make([]string, len(e.Articles))
	for i, a := range e.Articles {
		want[i] = a.ID
	}
	cur, err := c.to.GetEpisode(ctx, e.ID)
	if err != nil {
		return fmt.Errorf("migrate: episode %s: %w", e.ID, err)
	}
	have := make([]string, len(cur.Articles))
	for i, a := range cur.Articles {
		have[i] = a.ID
	}
	if slices.Equal(want, have) {
		return nil
	}
	if err := c.to.SetEpisodeArticles(ctx, e.ID, want); err != nil {
		return fmt.Errorf("migrate: episode %s articles: %w", e.ID, err)
	}
	c.rep.Links++
	return nil
}

// downloads carries the counted downloads over, a page at a time. They
// keep their ids, so a second run stores nothing twice.
func (c *copier) downloads(ctx context.Context, _ *snapshot) error {
	var after int64
	for {
		page, err := c.from.DownloadsAfter(ctx, after, 1000)
		if err != nil {
			return fmt.Errorf("migrate: read downloads: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		if err := c.to.ImportDownloads(ctx, page); err != nil {
			return fmt.Errorf("migrate: write downloads: %w", err)
		}
		c.rep.Downloads += len(page)
		after = page[len(page)-1].ID
	}
}
