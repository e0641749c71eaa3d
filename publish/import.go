package publish

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// Imported is what an episode copied from another host keeps as that host
// published it: its GUID (so no podcast app downloads it again), its date,
// and the files already copied into storage beside its audio.
type Imported struct {
	GUID        string
	PublishedAt time.Time
	// Draft keeps the episode out of the feeds: its date could not be read,
	// and onair does not guess one.
	Draft bool
	// Patch carries the text and iTunes fields (title, notes, season,
	// number, type, explicit), applied and checked as for any episode.
	Patch EpisodePatch
	// Chapters, when not nil, replace those read from the file.
	Chapters []catalog.Chapter
	// ArtworkKey is a blob stored with StoreEpisodeFile ("" for none);
	// ImportEpisode owns it as it owns the audio.
	ArtworkKey, ArtworkMIME string
}

// ImportEpisode makes a new episode of sh from audio a and what the old
// host published about it, keeping its GUID and date exactly. It probes
// the audio like CreateEpisode (onair's duration, never the feed's). A GUID
// the show has already is catalog.ErrConflict. ImportEpisode owns a and
// the blobs in in: on any error they are deleted.
func (p *Service) ImportEpisode(ctx context.Context, sh *catalog.Show, a *Audio, in Imported) (e *catalog.Episode, err error) {
	keys := []string{a.Key, in.ArtworkKey}
	defer p.undo(ctx, &keys, &err)
	if in.GUID == "" {
		return nil, catalog.Invalidf("an imported episode needs its GUID")
	}
	info, err := p.probe(ctx, a)
	if err != nil {
		return nil, err
	}
	e = &catalog.Episode{
		ID: a.EpisodeID, GUID: in.GUID, ShowID: sh.ID,
		PublishedAt: in.PublishedAt.UTC(),
		Status:      catalog.StatusPublished, Type: catalog.EpisodeFull,
		Audio:    audioOf(a, info),
		Chapters: chaptersOf(info),
	}
	fillFromTags(e, info.Tags, a.FileName)
	e.Number = 0 // the feed says which number it has, not the file's track
	if err := in.Patch.apply(e, p.Now()); err != nil {
		return nil, err
	}
	if in.Draft {
		e.Status, e.PublishedAt = catalog.StatusDraft, p.Now().UTC().Truncate(time.Second)
	}
	if in.Chapters != nil {
		e.Chapters = in.Chapters
	}
	if in.ArtworkKey != "" {
		e.ArtworkKey, e.ArtworkMIME = in.ArtworkKey, in.ArtworkMIME
	} else if info.Artwork != nil {
		key, mimeType, err := p.putEmbeddedArtwork(ctx, e.ID, info.Artwork)
		if err != nil {
			return nil, err
		}
		if key != "" {
			keys = append(keys, key)
			e.ArtworkKey, e.ArtworkMIME = key, mimeType
		}
	}
	if err := catalog.ValidateEpisode(e); err != nil {
		return nil, err
	}
	if err := p.store.CreateEpisode(ctx, e); err != nil {
		return nil, fmt.Errorf("publish: import episode %q: %w", in.GUID, err)
	}
	keys = nil
	return p.reloadWithWarnings(ctx, e.ID, info)
}

// FileArtwork is the kind of file StoreEpisodeFile stores: an episode's
// artwork.
const FileArtwork = "art"

// StoreEpisodeFile streams a file that goes with an episode (its artwork)
// into storage under a new key of episodeID and returns the
// key. Artwork must be a JPEG or PNG (ErrNotImage otherwise), whatever
// the old host called it; its MIME type is returned with it.
func (p *Service) StoreEpisodeFile(ctx context.Context, episodeID, kind string, r io.Reader, ext string) (key, mimeType string, err error) {
	br := bufio.NewReaderSize(r, 4096)
	if kind == FileArtwork {
		head, _ := br.Peek(16)
		ext = imageExt(head)
		if ext == "" {
			return "", "", refuse(ErrNotImage, "the episode artwork must be a JPEG or PNG image")
		}
		mimeType = imageMIME[ext]
	}
	key = "episodes/" + episodeID + "/" + kind + "-" + catalog.NewID() + "." + ext
	if _, err := p.blobs.Put(ctx, key, br); err != nil {
		return "", "", fmt.Errorf("publish: store %s: %w", key, err)
	}
	return key, mimeType, nil
}

// DiscardKeys deletes blobs that will not become anyone's (files stored
// for an import that stopped before its episode).
func (p *Service) DiscardKeys(ctx context.Context, keys ...string) { p.deleteBlobs(ctx, keys...) }
