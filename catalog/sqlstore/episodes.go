package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
)

const episodeCols = `id, guid, show_id, title, description, published_at, status, season, number,
	type, explicit, audio_key, audio_file_name, audio_size, audio_sha256, audio_mime,
	audio_container, audio_codec, audio_bitrate, audio_sample_rate, audio_channels,
	audio_duration_ns, audio_header_bytes, artwork_key, artwork_mime, chapters,
	transcript_url, transcript_type, created_at, updated_at, description_source, soundbites, chapters_edited,
	visibility, public_at`

func scanEpisode(r rowScanner) (*catalog.Episode, error) {
	var e catalog.Episode
	var dur int64
	a := &e.Audio
	err := r.Scan(&e.ID, &e.GUID, &e.ShowID, &e.Title, &e.Description, timeCol(&e.PublishedAt),
		&e.Status, &e.Season, &e.Number, &e.Type, &e.Explicit, &a.Key, &a.FileName, &a.Size,
		&a.SHA256, &a.MIME, &a.Container, &a.Codec, &a.Bitrate, &a.SampleRate, &a.Channels,
		&dur, &a.HeaderBytes, &e.ArtworkKey, &e.ArtworkMIME, jsonCol(&e.Chapters),
		&e.TranscriptURL, &e.TranscriptType, timeCol(&e.CreatedAt), timeCol(&e.UpdatedAt), &e.DescriptionSource,
		jsonCol(&e.Soundbites), &e.ChaptersEdited, &e.Visibility, timeCol(&e.PublicAt))
	if err != nil {
		return nil, err
	}
	a.Duration = time.Duration(dur)
	return &e, nil
}

// visibility is e's, public when unset.
func visibility(e *catalog.Episode) string {
	if e.Visibility == "" {
		return catalog.VisibilityPublic
	}
	return e.Visibility
}

// CreateEpisode stores e, filling ID and GUID (when empty) and timestamps,
// and bumps its show's Version. An unknown show is ErrNotFound.
func (st *Store) CreateEpisode(ctx context.Context, e *catalog.Episode) error {
	if e.ID == "" {
		e.ID = catalog.NewID()
	}
	if e.GUID == "" {
		e.GUID = catalog.NewGUID()
	}
	now := norm(time.Now())
	if e.CreatedAt.IsZero() {
		e.CreatedAt = now
	}
	if e.UpdatedAt.IsZero() {
		e.UpdatedAt = now
	}
	e.CreatedAt, e.UpdatedAt, e.PublishedAt, e.PublicAt = norm(e.CreatedAt), norm(e.UpdatedAt), norm(e.PublishedAt), norm(e.PublicAt)
	e.Visibility = visibility(e)
	chapters, err := dbJSON(e.Chapters)
	if err != nil {
		return fmt.Errorf("sqlstore: create episode %s: %w", e.ID, err)
	}
	soundbites, err := dbJSON(e.Soundbites)
	if err != nil {
		return fmt.Errorf("sqlstore: create episode %s: %w", e.ID, err)
	}
	a := &e.Audio
	err = st.write(ctx, func(tx conn) error {
		if err := bumpShow(ctx, tx, e.ShowID); err != nil {
			return fmt.Errorf("show %s: %w", e.ShowID, err)
		}
		_, err := tx.exec(ctx, `INSERT INTO episodes (`+episodeCols+`) VALUES
			(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, e.GUID, e.ShowID, e.Title, e.Description, st.dbTime(e.PublishedAt), e.Status,
			e.Season, e.Number, e.Type, e.Explicit, a.Key, a.FileName, a.Size, a.SHA256, a.MIME,
			a.Container, a.Codec, a.Bitrate, a.SampleRate, a.Channels, int64(a.Duration),
			a.HeaderBytes, e.ArtworkKey, e.ArtworkMIME, chapters, e.TranscriptURL,
			e.TranscriptType, st.dbTime(e.CreatedAt), st.dbTime(e.UpdatedAt), e.DescriptionSource, soundbites, e.ChaptersEdited,
			visibility(e), st.dbTime(e.PublicAt))
		if err != nil {
			return st.conflict(err)
		}
		return st.indexEpisode(ctx, tx, e)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: create episode %s: %w", e.ID, err)
	}
	return nil
}

// GetEpisode returns the episode with its Articles filled in.
func (st *Store) GetEpisode(ctx context.Context, id string) (*catalog.Episode, error) {
	e, err := scanEpisode(st.r.row(ctx, `SELECT `+episodeCols+` FROM episodes WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: episode %s: %w", id, notFound(err))
	}
	if err := st.fillArticles(ctx, []*catalog.Episode{e}); err != nil {
		return nil, fmt.Errorf("sqlstore: episode %s: %w", id, err)
	}
	if err := st.fillTranscripts(ctx, st.r, []*catalog.Episode{e}); err != nil {
		return nil, fmt.Errorf("sqlstore: episode %s: %w", id, err)
	}
	return e, nil
}

// UpdateEpisode writes every field of e but ID, GUID, ShowID, CreatedAt and
// Articles, sets UpdatedAt and bumps the show's Version.
func (st *Store) UpdateEpisode(ctx context.Context, e *catalog.Episode) error {
	chapters, err := dbJSON(e.Chapters)
	if err != nil {
		return fmt.Errorf("sqlstore: update episode %s: %w", e.ID, err)
	}
	soundbites, err := dbJSON(e.Soundbites)
	if err != nil {
		return fmt.Errorf("sqlstore: update episode %s: %w", e.ID, err)
	}
	now := norm(time.Now())
	e.PublishedAt, e.PublicAt = norm(e.PublishedAt), norm(e.PublicAt)
	e.Visibility = visibility(e)
	a := &e.Audio
	err = st.write(ctx, func(tx conn) error {
		var showID string
		err := tx.row(ctx, `UPDATE episodes SET title = ?, description = ?,
			published_at = ?, status = ?, season = ?, number = ?, type = ?, explicit = ?,
			audio_key = ?, audio_file_name = ?, audio_size = ?, audio_sha256 = ?, audio_mime = ?,
			audio_container = ?, audio_codec = ?, audio_bitrate = ?, audio_sample_rate = ?,
			audio_channels = ?, audio_duration_ns = ?, audio_header_bytes = ?, artwork_key = ?,
			artwork_mime = ?, chapters = ?, transcript_url = ?, transcript_type = ?, updated_at = ?,
			description_source = ?, soundbites = ?, chapters_edited = ?, visibility = ?, public_at = ? WHERE id = ? RETURNING show_id`,
			e.Title, e.Description, st.dbTime(e.PublishedAt), e.Status, e.Season, e.Number, e.Type,
			e.Explicit, a.Key, a.FileName, a.Size, a.SHA256, a.MIME, a.Container, a.Codec,
			a.Bitrate, a.SampleRate, a.Channels, int64(a.Duration), a.HeaderBytes, e.ArtworkKey,
			e.ArtworkMIME, chapters, e.TranscriptURL, e.TranscriptType, st.dbTime(now), e.DescriptionSource, soundbites, e.ChaptersEdited,
			e.Visibility, st.dbTime(e.PublicAt), e.ID).Scan(&showID)
		if err != nil {
			return notFound(err)
		}
		if err := st.indexEpisode(ctx, tx, e); err != nil {
			return err
		}
		return bumpShow(ctx, tx, showID)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: update episode %s: %w", e.ID, err)
	}
	e.UpdatedAt = now
	return nil
}

// DeleteEpisode removes the episode and its article links, and bumps the
// show's Version.
func (st *Store) DeleteEpisode(ctx context.Context, id string) error {
	err := st.write(ctx, func(tx conn) error {
		var showID string
		err := tx.row(ctx, `DELETE FROM episodes WHERE id = ? RETURNING show_id`, id).Scan(&showID)
		if err != nil {
			return notFound(err)
		}
		return bumpShow(ctx, tx, showID)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: delete episode %s: %w", id, err)
	}
	return nil
}

// SetEpisodeArticles replaces the episode's related articles with these, in
// this order; a repeated id counts once, at its first place. An unknown
// episode or article is ErrNotFound and changes nothing.
func (st *Store) SetEpisodeArticles(ctx context.Context, episodeID string, articleIDs []string) error {
	err := st.write(ctx, func(tx conn) error {
		var showID string
		err := tx.row(ctx, `SELECT show_id FROM episodes WHERE id = ?`, episodeID).Scan(&showID)
		if err != nil {
			return notFound(err)
		}
		if _, err := tx.exec(ctx, `DELETE FROM episode_articles WHERE episode_id = ?`, episodeID); err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, aid := range articleIDs {
			if seen[aid] {
				continue
			}
			seen[aid] = true
			err := mustAffect(tx.exec(ctx, `INSERT INTO episode_articles (episode_id, article_id, position)
				SELECT ?, id, ? FROM articles WHERE id = ?`, episodeID, len(seen), aid))
			if err != nil {
				return fmt.Errorf("article %s: %w", aid, err)
			}
		}
		return bumpShow(ctx, tx, showID)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: set articles of episode %s: %w", episodeID, err)
	}
	return nil
}
