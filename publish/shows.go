package publish

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/onair-fm/onair/catalog"
)

// ShowPatch is what a publisher sends about a show through the API: a nil
// field keeps the show's value, or a new show's default. Text is trimmed
// and the description sanitized.
type ShowPatch struct {
	Slug        *string
	Title       *string
	Description *string
	Author      *string
	OwnerName   *string
	OwnerEmail  *string
	Language    *string
	Categories  *[]string
	Explicit    *bool
	Type        *string
	Link        *string
	Copyright   *string
	Locked      *bool
	Block       *bool
	Complete    *bool
	NewFeedURL  *string
	Funding     *[]catalog.Funding
	Persons     *[]catalog.Person
	// ChapterTimestamps adds "00:00 Title" chapter lines to the notes in
	// feeds.
	ChapterTimestamps *bool
	NetworkPatch
}

// NewShow is a new show from patch, which must name its slug and title,
// with the defaults (English, episodic) for what it leaves out. It is not
// stored yet: CreateShow checks and stores it.
func NewShow(patch ShowPatch) (*catalog.Show, error) {
	if patch.Slug == nil || patch.Title == nil {
		return nil, catalog.Invalidf("slug and title are required")
	}
	sh := &catalog.Show{ID: catalog.NewID(), Language: "en", Type: catalog.ShowEpisodic}
	patch.Apply(sh)
	return sh, nil
}

// Apply copies the fields that were sent into sh, cleaning text on the
// way. A new slug renames the show when it is stored (UpdateShow).
func (r ShowPatch) Apply(sh *catalog.Show) {
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
	}{{&sh.Explicit, r.Explicit}, {&sh.Locked, r.Locked}, {&sh.Block, r.Block}, {&sh.Complete, r.Complete},
		{&sh.ChapterTimestamps, r.ChapterTimestamps}} {
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
		sh.Persons = append([]catalog.Person(nil), *r.Persons...)
	}
	r.NetworkPatch.apply(sh)
}

// CreateShow checks sh and stores it as a new show, giving it an id when
// it has none and its podcast:guid, fixed from the feed URL it is born with
// (FeedURL) and kept when the feed moves. art, when not nil, is the cover
// chosen with the show's form (see putFormArtwork); it is deleted again if
// the show cannot be stored. A slug another show has, or had before a
// rename, is refused in words that say which; a reserved one
// (catalog.ReservedSlugs) as invalid.
func (p *Service) CreateShow(ctx context.Context, sh *catalog.Show, art []byte) (err error) {
	if err := catalog.ValidateShow(sh); err != nil {
		return err
	}
	if err := catalog.CheckNewSlug(sh.Slug); err != nil {
		return err
	}
	if sh.ID == "" {
		sh.ID = catalog.NewID()
	}
	if sh.GUID == "" {
		sh.GUID = p.showGUID(sh)
	}
	var keys []string
	defer p.undo(ctx, &keys, &err)
	if art != nil {
		key, mimeType, aerr := p.putFormArtwork(ctx, sh.ID, art)
		if aerr != nil {
			return aerr
		}
		keys = append(keys, key)
		sh.ArtworkKey, sh.ArtworkMIME = key, mimeType
		defer func() {
			if err != nil {
				sh.ArtworkKey, sh.ArtworkMIME = "", ""
			}
		}()
	}
	if err := p.store.CreateShow(ctx, sh); err != nil {
		return p.slugTaken(ctx, fmt.Errorf("publish: create show: %w", err), sh)
	}
	keys = nil
	return nil
}

// UpdateShow checks sh, changed by its publisher, and stores it: a new
// slug renames the show, whose old URLs then redirect to the new ones. art,
// when not nil, is a new cover chosen with the show's form, as for
// CreateShow; the old cover is deleted once the show points at the new one.
// A new slug that is reserved is refused; a show keeps one it has already.
// It returns the show as stored.
func (p *Service) UpdateShow(ctx context.Context, sh *catalog.Show, art []byte) (_ *catalog.Show, err error) {
	if err := catalog.ValidateShow(sh); err != nil {
		return nil, err
	}
	stored, err := p.store.GetShowByID(ctx, sh.ID)
	if err != nil {
		return nil, fmt.Errorf("publish: update show: %w", err)
	}
	if sh.Slug != stored.Slug {
		if err := catalog.CheckNewSlug(sh.Slug); err != nil {
			return nil, err
		}
	}
	var keys []string
	defer p.undo(ctx, &keys, &err)
	old := sh.ArtworkKey
	if art != nil {
		key, mimeType, aerr := p.putFormArtwork(ctx, sh.ID, art)
		if aerr != nil {
			return nil, aerr
		}
		keys = append(keys, key)
		oldMIME := sh.ArtworkMIME
		sh.ArtworkKey, sh.ArtworkMIME = key, mimeType
		defer func() {
			if err != nil {
				sh.ArtworkKey, sh.ArtworkMIME = old, oldMIME
			}
		}()
	}
	if err := p.store.UpdateShow(ctx, sh); err != nil {
		return nil, p.slugTaken(ctx, fmt.Errorf("publish: update show: %w", err), sh)
	}
	if keys != nil {
		keys = nil
		p.deleteBlobs(ctx, old)
	}
	return p.reloadShow(ctx, sh.ID)
}

// DeleteShow removes the show with its episodes, then every blob they had:
// the cover, and each episode's audio and artwork.
func (p *Service) DeleteShow(ctx context.Context, sh *catalog.Show) error {
	eps, err := p.store.ListEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID})
	if err != nil {
		return fmt.Errorf("publish: delete show: %w", err)
	}
	if err := p.store.DeleteShow(ctx, sh.ID); err != nil {
		return fmt.Errorf("publish: delete show: %w", err)
	}
	keys := []string{sh.ArtworkKey}
	for _, e := range eps {
		keys = append(keys, e.Audio.Key, e.ArtworkKey)
	}
	p.deleteBlobs(ctx, keys...)
	return nil
}

// ReleaseSlug frees one of the show's old slugs: its URLs stop redirecting
// (podcast apps still subscribed there lose the feed) and any show may take
// it. A slug that is not an old one of the show is `old slug "x" not
// found`.
func (p *Service) ReleaseSlug(ctx context.Context, sh *catalog.Show, slug string) error {
	if err := p.store.ReleaseOldSlug(ctx, sh.ID, slug); err != nil {
		return notFound(fmt.Errorf("publish: release slug: %w", err), "old slug", slug)
	}
	return nil
}

// slugTaken explains a conflict on writing sh: the slug is the only unique
// field a publisher chooses, and another show has it now or had it before
// a rename (its old URLs redirect to that show, so it stays that show's).
// Other errors pass unchanged.
func (p *Service) slugTaken(ctx context.Context, err error, sh *catalog.Show) error {
	if !errors.Is(err, catalog.ErrConflict) {
		return err
	}
	if other, oerr := p.store.ShowByOldSlug(ctx, sh.Slug); oerr == nil && other.ID != sh.ID {
		return refuse(err,
			"the slug %q was the show %q's before it was renamed to %q; its old addresses redirect there, so no other show can take it",
			sh.Slug, other.Title, other.Slug)
	}
	return refuse(err, "the slug %q is taken by another show", sh.Slug)
}

func (p *Service) reloadShow(ctx context.Context, id string) (*catalog.Show, error) {
	sh, err := p.store.GetShowByID(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("publish: show %s: %w", id, err)
	}
	return sh, nil
}
