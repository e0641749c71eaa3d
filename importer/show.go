package importer

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
)

// DeriveGUID is the GUID an item without one gets: a UUIDv5 of its
// enclosure URL, so every run (and every importer that does the same)
// gives the same item the same GUID.
func DeriveGUID(enclosureURL string) string { return catalog.ShowGUID(enclosureURL) }

var languageRe = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// showPatch is the show the feed describes, cleaned to what onair stores;
// what it had to drop or change goes to rep.Lost.
func showPatch(f *Feed, slug string, rep *Report) publish.ShowPatch {
	str := func(s string) *string { return &s }
	title := strings.TrimSpace(f.Title)
	if title == "" {
		title = slug
		rep.Lost = append(rep.Lost, "the feed has no title; the show is called "+slug)
	}
	p := publish.ShowPatch{
		Slug: str(slug), Title: str(title), Description: str(f.Description),
		Author: str(f.Author), OwnerName: str(f.OwnerName), Copyright: str(f.Copyright),
	}
	ex := explicit(f.ExplicitRaw)
	p.Explicit = &ex
	if f.OwnerEmail != "" {
		p.OwnerEmail = str(f.OwnerEmail)
	}
	lang := strings.TrimSpace(f.Language)
	if !languageRe.MatchString(lang) {
		if lang != "" {
			rep.Lost = append(rep.Lost, fmt.Sprintf("the language %q is no language code; the show is in English (en) until you change it", lang))
		}
		lang = "en"
	}
	p.Language = str(lang)
	typ := catalog.ShowEpisodic
	if f.Type == catalog.ShowSerial {
		typ = catalog.ShowSerial
	}
	p.Type = str(typ)
	if webURL(f.Link) {
		p.Link = str(f.Link)
	} else if f.Link != "" {
		rep.Lost = append(rep.Lost, fmt.Sprintf("the link %q is not an http(s) URL; it was left out", f.Link))
	}
	var cats []string
	seen := map[string]bool{}
	for _, c := range f.Categories {
		c = strings.TrimSpace(c)
		switch {
		case seen[c]:
		case catalog.ValidCategory(c):
			cats = append(cats, c)
		default:
			rep.Lost = append(rep.Lost, fmt.Sprintf("the category %q is not on Apple's list; it was left out", c))
		}
		seen[c] = true
	}
	p.Categories = &cats
	var funding []catalog.Funding
	for _, fu := range f.Funding {
		if webURL(fu.URL) {
			funding = append(funding, fu)
		} else {
			rep.Lost = append(rep.Lost, fmt.Sprintf("the funding link %q is not an http(s) URL; it was left out", fu.URL))
		}
	}
	p.Funding = &funding
	var persons []catalog.Person
	for _, pe := range f.Persons {
		if strings.TrimSpace(pe.Name) != "" {
			persons = append(persons, pe)
		}
	}
	p.Persons = &persons
	return p
}

// channelLosses notes what onair never copies from a channel.
func channelLosses(f *Feed, rep *Report) {
	if f.Locked == "yes" {
		rep.Lost = append(rep.Lost, "podcast:locked is yes at the old host; onair does not copy it: set locked on the show once the move is done, or other hosts cannot take the feed back")
	}
	if f.NewFeedURL != "" {
		rep.Lost = append(rep.Lost, fmt.Sprintf("the feed names a new address, itunes:new-feed-url %s: podcast apps follow it, so make sure it is the feed you mean to import", f.NewFeedURL))
	}
}

// newShow creates the show the feed describes, with its artwork, and
// keeps its podcast:guid: the show is the same podcast at a new address.
// In a dry run it only reports.
func (im *Importer) newShow(ctx context.Context, f *Feed, opts Options, rep *Report) (*catalog.Show, error) {
	patch := showPatch(f, opts.Show, rep)
	channelLosses(f, rep)
	if f.ImageURL == "" {
		rep.Lost = append(rep.Lost, "the feed has no show artwork")
	}
	sh, err := publish.NewShow(patch)
	if err != nil {
		return nil, err
	}
	sh.GUID = f.PodcastGUID
	if sh.GUID == "" {
		sh.GUID = catalog.ShowGUID(opts.FeedURL)
	}
	if err := catalog.ValidateShow(sh); err != nil {
		return nil, fmt.Errorf("importer: the feed's channel: %w", err)
	}
	if opts.DryRun {
		return nil, nil
	}
	if err := im.Publish.CreateShow(ctx, sh, nil); err != nil {
		return nil, err
	}
	rep.ShowCreated = true
	if f.ImageURL != "" {
		if err := im.showArtwork(ctx, sh, f.ImageURL); err != nil {
			rep.Lost = append(rep.Lost, "the show artwork could not be copied: "+Explain(err))
		}
	}
	return im.Store.GetShowByID(ctx, sh.ID)
}

func (im *Importer) showArtwork(ctx context.Context, sh *catalog.Show, u string) error {
	ctx, cancel := withTimeout(ctx, 5*time.Minute)
	defer cancel()
	d, err := openDownload(ctx, im.Client, u, min(im.maxFile(), 64<<20), im.Limits, im.retries())
	if err != nil {
		return err
	}
	defer d.Close()
	_, err = im.Publish.SetShowArtwork(ctx, sh, d)
	return err
}

func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// trimPrefix drops the package prefixes of a wrapped error's text.
func trimPrefix(s string) string {
	for _, p := range []string{"importer: ", "publish: "} {
		s = strings.ReplaceAll(s, p, "")
	}
	return s
}

func (im *Importer) maxFile() int64 {
	if im.MaxFileBytes > 0 {
		return im.MaxFileBytes
	}
	return 2 << 30
}

func (im *Importer) retries() int {
	if im.Retries > 0 {
		return im.Retries
	}
	return 5
}
