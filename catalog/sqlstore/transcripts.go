package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// PutTranscript stores t in place of the episode's transcript of the same
// origin, reindexes what search finds of it, and bumps the show's Version
// and the episode's UpdatedAt (feeds list the transcript).
func (st *Store) PutTranscript(ctx context.Context, t *catalog.Transcript) error {
	cues, err := dbJSON(t.Cues)
	if err != nil {
		return fmt.Errorf("sqlstore: put transcript of %s: %w", t.EpisodeID, err)
	}
	now := norm(time.Now())
	err = st.write(ctx, func(tx conn) error {
		var showID string
		err := tx.row(ctx, `UPDATE episodes SET updated_at = ? WHERE id = ? RETURNING show_id`,
			st.dbTime(now), t.EpisodeID).Scan(&showID)
		if err != nil {
			return notFound(err)
		}
		_, err = tx.exec(ctx, `INSERT INTO transcripts (episode_id, origin, format, language, cues,
			timed, state, error, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (episode_id, origin) DO UPDATE SET format = excluded.format,
			language = excluded.language, cues = excluded.cues, timed = excluded.timed,
			state = excluded.state, error = excluded.error, updated_at = excluded.updated_at`,
			t.EpisodeID, t.Origin, t.Format, t.Language, cues, timed(t.Cues), t.State, t.Error, st.dbTime(now))
		if err != nil {
			return err
		}
		if err := st.indexTranscript(ctx, tx, t.EpisodeID); err != nil {
			return err
		}
		return bumpShow(ctx, tx, showID)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: put transcript of %s: %w", t.EpisodeID, err)
	}
	t.UpdatedAt = now
	return nil
}

const transcriptCols = `episode_id, origin, format, language, cues, state, error, updated_at`

func scanTranscript(r rowScanner) (*catalog.Transcript, error) {
	var t catalog.Transcript
	err := r.Scan(&t.EpisodeID, &t.Origin, &t.Format, &t.Language, jsonCol(&t.Cues), &t.State,
		&t.Error, timeCol(&t.UpdatedAt))
	return &t, err
}

// Transcript returns the episode's transcript of that origin.
func (st *Store) Transcript(ctx context.Context, episodeID, origin string) (*catalog.Transcript, error) {
	t, err := scanTranscript(st.r.row(ctx, `SELECT `+transcriptCols+` FROM transcripts
		WHERE episode_id = ? AND origin = ?`, episodeID, origin))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: %s transcript of %s: %w", origin, episodeID, notFound(err))
	}
	return t, nil
}

// DeleteTranscript removes the episode's transcript of that origin.
func (st *Store) DeleteTranscript(ctx context.Context, episodeID, origin string) error {
	err := st.write(ctx, func(tx conn) error {
		err := mustAffect(tx.exec(ctx, `DELETE FROM transcripts WHERE episode_id = ? AND origin = ?`,
			episodeID, origin))
		if err != nil {
			return err
		}
		var showID string
		err = tx.row(ctx, `UPDATE episodes SET updated_at = ? WHERE id = ? RETURNING show_id`,
			st.dbTime(norm(time.Now())), episodeID).Scan(&showID)
		if err != nil {
			return notFound(err)
		}
		if err := st.indexTranscript(ctx, tx, episodeID); err != nil {
			return err
		}
		return bumpShow(ctx, tx, showID)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: delete %s transcript of %s: %w", origin, episodeID, err)
	}
	return nil
}

// ClaimTranscriptJob marks the oldest queued generated transcript, or one
// left running since before stale, running, and returns its episode.
func (st *Store) ClaimTranscriptJob(ctx context.Context, stale time.Time) (string, error) {
	var id string
	err := st.write(ctx, func(tx conn) error {
		err := tx.row(ctx, `SELECT episode_id FROM transcripts WHERE origin = ? AND
			(state = ? OR (state = ? AND updated_at < ?)) ORDER BY updated_at, episode_id LIMIT 1`+st.d.ForUpdate,
			catalog.TranscriptGenerated, catalog.TranscriptQueued, catalog.TranscriptRunning,
			st.dbTime(norm(stale))).Scan(&id)
		if err != nil {
			return notFound(err)
		}
		return mustAffect(tx.exec(ctx, `UPDATE transcripts SET state = ?, updated_at = ?
			WHERE episode_id = ? AND origin = ?`, catalog.TranscriptRunning,
			st.dbTime(norm(time.Now())), id, catalog.TranscriptGenerated))
	})
	if err != nil {
		return "", fmt.Errorf("sqlstore: claim transcript job: %w", err)
	}
	return id, nil
}

// SetChapters replaces the episode's chapters and marks them edited.
func (st *Store) SetChapters(ctx context.Context, episodeID string, chapters []catalog.Chapter) error {
	js, err := dbJSON(chapters)
	if err != nil {
		return fmt.Errorf("sqlstore: set chapters of %s: %w", episodeID, err)
	}
	err = st.write(ctx, func(tx conn) error {
		var showID string
		err := tx.row(ctx, `UPDATE episodes SET chapters = ?, chapters_edited = ?, updated_at = ?
			WHERE id = ? RETURNING show_id`, js, true, st.dbTime(norm(time.Now())), episodeID).Scan(&showID)
		if err != nil {
			return notFound(err)
		}
		return bumpShow(ctx, tx, showID)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: set chapters of %s: %w", episodeID, err)
	}
	return nil
}

// fillTranscripts sets each episode's Transcript: the uploaded
// transcript's when there is one, else the generated one's state.
func (st *Store) fillTranscripts(ctx context.Context, db conn, eps []*catalog.Episode) error {
	byID := make(map[string]*catalog.Episode, len(eps))
	for _, e := range eps {
		byID[e.ID] = e
		e.Transcript = catalog.TranscriptInfo{}
	}
	for start := 0; start < len(eps); start += batch {
		part := eps[start:min(start+batch, len(eps))]
		ids := make([]string, len(part))
		for i, e := range part {
			ids[i] = e.ID
		}
		in, args := anyOf(st.d, "episode_id", ids)
		rows, err := db.query(ctx, `SELECT episode_id, origin, language, state, error, updated_at,
			timed FROM transcripts WHERE `+in, args...)
		err = each(rows, err, func(r rowScanner) error {
			var eid string
			var ti catalog.TranscriptInfo
			if err := r.Scan(&eid, &ti.Origin, &ti.Language, &ti.State, &ti.Error, timeCol(&ti.UpdatedAt), &ti.Timed); err != nil {
				return err
			}
			e := byID[eid]
			if e.Transcript.Origin != catalog.TranscriptUploaded {
				e.Transcript = ti
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("transcripts: %w", err)
		}
	}
	return nil
}

// timed reports whether any cue has a time (plain text has none).
func timed(cues []catalog.Cue) bool {
	for _, c := range cues {
		if c.End > 0 {
			return true
		}
	}
	return false
}
