package publish

import (
	"context"
	"errors"
	"fmt"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
)

// SetChapters replaces e's chapters after checking them (see
// catalog.ValidateChapters). From then on they are the publisher's: new
// audio no longer replaces them with its own.
func (p *Service) SetChapters(ctx context.Context, e *catalog.Episode, chs []catalog.Chapter) (*catalog.Episode, error) {
	if chs == nil {
		chs = []catalog.Chapter{}
	}
	for i := range chs {
		chs[i].ArticleTitle = ""
	}
	if err := catalog.ValidateChapters(e, chs); err != nil {
		return nil, err
	}
	if err := p.store.SetChapters(ctx, e.ID, chs); err != nil {
		return nil, fmt.Errorf("publish: set chapters: %w", err)
	}
	return p.reloadEpisode(ctx, e.ID)
}

// ImportChapters reads a Podcast Index JSON chapters file or a Podlove
// Simple Chapters file and makes its chapters e's.
func (p *Service) ImportChapters(ctx context.Context, e *catalog.Episode, b []byte) (*catalog.Episode, error) {
	chs, err := feeds.ParseChapters(b)
	if errors.Is(err, feeds.ErrChapters) {
		return nil, catalog.Invalidf("%v", err)
	}
	if err != nil {
		return nil, err
	}
	return p.SetChapters(ctx, e, chs)
}
