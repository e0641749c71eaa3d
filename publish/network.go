package publish

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// NetworkPatch is the part of a ShowPatch about paging, ownership proofs,
// measurement prefixes and networks of shows; nil fields keep the show's
// value.
type NetworkPatch struct {
	FeedLimit         *int
	TXT               *[]catalog.TXT
	HideOwnerEmail    *bool
	LockedOwner       *string
	AnalyticsPrefixes *[]string
	// Podroll is resolved by Service.Podroll, which knows the shows.
	Podroll *[]catalog.PodrollItem
	Medium  *string
}

func (r NetworkPatch) apply(sh *catalog.Show) {
	if r.FeedLimit != nil {
		sh.FeedLimit = *r.FeedLimit
	}
	if r.TXT != nil {
		sh.TXT = nil
		for _, t := range *r.TXT {
			sh.TXT = append(sh.TXT, catalog.TXT{Purpose: strings.TrimSpace(t.Purpose), Value: strings.TrimSpace(t.Value)})
		}
	}
	if r.HideOwnerEmail != nil {
		if !*r.HideOwnerEmail {
			sh.OwnerEmailUntil = time.Time{}
		}
		sh.HideOwnerEmail = *r.HideOwnerEmail
	}
	if r.LockedOwner != nil {
		sh.LockedOwner = strings.TrimSpace(*r.LockedOwner)
	}
	if r.AnalyticsPrefixes != nil {
		sh.AnalyticsPrefixes = nil
		for _, p := range *r.AnalyticsPrefixes {
			sh.AnalyticsPrefixes = append(sh.AnalyticsPrefixes, strings.TrimSpace(p))
		}
	}
	if r.Podroll != nil {
		sh.Podroll = append([]catalog.PodrollItem(nil), *r.Podroll...)
	}
	if r.Medium != nil {
		sh.Medium = strings.TrimSpace(*r.Medium)
	}
}

// PodrollEntry is a recommended show as a publisher names it: a show on
// this server by its slug (an old one works too), or a remote feed by its
// feed URL, its podcast:guid, or both.
type PodrollEntry struct {
	Show     string
	FeedURL  string
	FeedGUID string
	Title    string
}

// Podroll resolves entries into the podroll a show stores: a show on this
// server by its id, so the entry follows it through renames. An unknown
// slug is refused.
func (p *Service) Podroll(ctx context.Context, entries []PodrollEntry) ([]catalog.PodrollItem, error) {
	out := []catalog.PodrollItem{}
	for _, en := range entries {
		slug := strings.TrimSpace(en.Show)
		if slug == "" {
			out = append(out, catalog.PodrollItem{FeedURL: strings.TrimSpace(en.FeedURL),
				FeedGUID: strings.ToLower(strings.TrimSpace(en.FeedGUID)), Title: strings.TrimSpace(en.Title)})
			continue
		}
		if en.FeedURL != "" || en.FeedGUID != "" {
			return nil, catalog.Invalidf("a podroll entry names a show on this server or a remote feed, not both")
		}
		sh, err := p.store.GetShow(ctx, slug)
		if errors.Is(err, catalog.ErrNotFound) {
			sh, err = p.store.ShowByOldSlug(ctx, slug)
		}
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, catalog.Invalidf("podroll: no show %q on this server", slug)
		}
		if err != nil {
			return nil, fmt.Errorf("publish: podroll: %w", err)
		}
		out = append(out, catalog.PodrollItem{ShowID: sh.ID, Title: sh.Title})
	}
	return out, nil
}

// RevealOwnerEmail opens the verification window of a show that hides its
// owner email: its public feeds carry the email for
// catalog.OwnerEmailWindow (48 hours), long enough for Apple or Spotify to
// send the code there, then hide it again by themselves.
func (p *Service) RevealOwnerEmail(ctx context.Context, sh *catalog.Show) (*catalog.Show, error) {
	if !sh.HideOwnerEmail {
		return nil, catalog.Invalidf("the show does not hide its owner email: its feeds always carry it")
	}
	sh.OwnerEmailUntil = p.Now().Add(catalog.OwnerEmailWindow)
	if err := p.store.UpdateShow(ctx, sh); err != nil {
		return nil, fmt.Errorf("publish: reveal owner email: %w", err)
	}
	return p.reloadShow(ctx, sh.ID)
}

// SetSoundbites replaces the episode's soundbites with bs, in this order,
// checked against its audio's duration.
func (p *Service) SetSoundbites(ctx context.Context, e *catalog.Episode, bs []catalog.Soundbite) (*catalog.Episode, error) {
	for i := range bs {
		bs[i].Title = catalog.FoldTitle(strings.TrimSpace(bs[i].Title))
	}
	e.Soundbites = bs
	if err := catalog.ValidateEpisode(e); err != nil {
		return nil, err
	}
	if err := p.store.UpdateEpisode(ctx, e); err != nil {
		return nil, fmt.Errorf("publish: set soundbites: %w", err)
	}
	return p.reloadEpisode(ctx, e.ID)
}
