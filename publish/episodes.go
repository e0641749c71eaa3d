package publish

import (
	"context"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
)

// CreateEpisode turns audio a, already in storage, into a new episode of
// sh: it probes the file, fills the fields patch does not send from the
// file's tags (title, else the file name; notes; number), stores embedded
// artwork Apple would take, adds the chapters, and writes the row. Every
// way of adding an episode (API upload, resumable upload, demo seeding)
// comes here.
//
// The episode returned carries what probing found in Warnings (a
// truncated file, cleaned tag text); tag text is never a reason to refuse
// the file, text the publisher sends in patch is checked as always.
//
// CreateEpisode owns a from the call on: on any error, or a panic, the
// audio and any artwork it stored are deleted, so a failed episode leaves
// nothing behind.
func (p *Service) CreateEpisode(ctx context.Context, sh *catalog.Show, a *Audio, patch EpisodePatch) (e *catalog.Episode, err error) {
	keys := []string{a.Key}
	defer p.undo(ctx, &keys, &err)
	info, err := p.probe(ctx, a)
	if err != nil {
		return nil, err
	}
	now := p.Now()
	e = &catalog.Episode{
		ID: a.EpisodeID, GUID: catalog.NewGUID(), ShowID: sh.ID,
		PublishedAt: now.UTC().Truncate(time.Second),
		Status:      catalog.StatusPublished, Type: catalog.EpisodeFull,
		Audio:    audioOf(a, info),
		Chapters: chaptersOf(info),
	}
	fillFromTags(e, info.Tags, a.FileName)
	if err := patch.apply(e, now); err != nil {
		return nil, err
	}
	if err := catalog.ValidateEpisode(e); err != nil {
		return nil, err
	}
	if info.Artwork != nil {
		key, mimeType, err := p.putEmbeddedArtwork(ctx, e.ID, info.Artwork)
		if err != nil {
			return nil, err
		}
		if key != "" {
			keys = append(keys, key)
			e.ArtworkKey, e.ArtworkMIME = key, mimeType
		}
	}
	if err := p.store.CreateEpisode(ctx, e); err != nil {
		return nil, fmt.Errorf("publish: create episode: %w", err)
	}
	keys = nil // the row refers to them now
	p.queueTranscript(ctx, e.ID)
	return p.reloadWithWarnings(ctx, e.ID, info)
}

// CheckNewEpisode checks the fields of an episode still to be uploaded as
// CreateEpisode will apply them, so a value it would refuse costs no
// transfer. The title may be missing: the file's tags or name give one.
func (p *Service) CheckNewEpisode(patch EpisodePatch) error {
	now := p.Now()
	e := &catalog.Episode{Title: "untitled", Status: catalog.StatusPublished, Type: catalog.EpisodeFull, PublishedAt: now}
	if err := patch.apply(e, now); err != nil {
		return err
	}
	return catalog.ValidateEpisode(e)
}

// ReplaceAudio gives episode e the audio a (stored under a new key of e),
// with its duration, format and chapters, and its embedded artwork if it
// has some; the id, GUID and the rest stay. The old blobs are deleted only
// once the row points at the new ones. ReplaceAudio owns a: on error the
// new blobs are deleted and the stored episode is unchanged.
func (p *Service) ReplaceAudio(ctx context.Context, e *catalog.Episode, a *Audio) (_ *catalog.Episode, err error) {
	keys := []string{a.Key}
	defer p.undo(ctx, &keys, &err)
	if a.EpisodeID != e.ID {
		return nil, fmt.Errorf("publish: replace audio of episode %s with a file stored for %s", e.ID, a.EpisodeID)
	}
	info, err := p.probe(ctx, a)
	if err != nil {
		return nil, err
	}
	old := []string{e.Audio.Key}
	e.Audio = audioOf(a, info)
	if !e.ChaptersEdited {
		e.Chapters = chaptersOf(info) // the audio's, until a publisher edits them
	}
	if info.Artwork != nil {
		key, mimeType, err := p.putEmbeddedArtwork(ctx, e.ID, info.Artwork)
		if err != nil {
			return nil, err
		}
		if key != "" {
			keys = append(keys, key)
			old = append(old, e.ArtworkKey)
			e.ArtworkKey, e.ArtworkMIME = key, mimeType
		}
	}
	if err := p.store.UpdateEpisode(ctx, e); err != nil {
		return nil, fmt.Errorf("publish: replace audio: %w", err)
	}
	keys = nil
	p.deleteBlobs(ctx, old...)
	p.queueTranscript(ctx, e.ID)
	return p.reloadWithWarnings(ctx, e.ID, info)
}

// UpdateEpisode applies patch to e, checks the result and stores it, and
// returns the episode as stored. On error e may hold the refused values,
// for a form to show again.
func (p *Service) UpdateEpisode(ctx context.Context, e *catalog.Episode, patch EpisodePatch) (*catalog.Episode, error) {
	if err := patch.apply(e, p.Now()); err != nil {
		return nil, err
	}
	if err := catalog.ValidateEpisode(e); err != nil {
		return nil, err
	}
	if err := p.store.UpdateEpisode(ctx, e); err != nil {
		return nil, fmt.Errorf("publish: update episode: %w", err)
	}
	return p.reloadEpisode(ctx, e.ID)
}

// DeleteEpisode removes the episode, then its audio and artwork, which no
// row refers to any more.
func (p *Service) DeleteEpisode(ctx context.Context, e *catalog.Episode) error {
	if err := p.store.DeleteEpisode(ctx, e.ID); err != nil {
		return fmt.Errorf("publish: delete episode: %w", err)
	}
	p.deleteBlobs(ctx, e.Audio.Key, e.ArtworkKey)
	return nil
}

// reloadWithWarnings is the episode as stored, with what probing its new
// audio found.
func (p *Service) reloadWithWarnings(ctx context.Context, id string, info *media.Info) (*catalog.Episode, error) {
	e, err := p.reloadEpisode(ctx, id)
	if err != nil {
		return nil, err
	}
	e.Warnings = info.Warnings
	return e, nil
}

func (p *Service) reloadEpisode(ctx context.Context, id string) (*catalog.Episode, error) {
	e, err := p.store.GetEpisode(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("publish: episode %s: %w", id, err)
	}
	return e, nil
}
