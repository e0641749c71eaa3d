package sqlstore

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/onair-fm/onair/catalog"
)

// indexEpisode rewrites the search rows of the episode's title and notes.
func (st *Store) indexEpisode(ctx context.Context, tx conn, e *catalog.Episode) error {
	if _, err := tx.exec(ctx, `DELETE FROM search_docs WHERE episode_id = ? AND kind IN (?, ?)`,
		e.ID, catalog.SearchTitle, catalog.SearchNotes); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	for _, d := range []struct{ kind, body string }{
		{catalog.SearchTitle, e.Title}, {catalog.SearchNotes, plainText(e.Description)},
	} {
		if strings.TrimSpace(d.body) == "" {
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO search_docs (body, episode_id, kind, start_ms)
			VALUES (?, ?, ?, ?)`, d.body, e.ID, d.kind, -1); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	}
	return nil
}

// indexTranscript rewrites the search rows of the episode's current
// transcript (uploaded, else a finished generated one): one row per
// passage, so a match has a time.
func (st *Store) indexTranscript(ctx context.Context, tx conn, episodeID string) error {
	if _, err := tx.exec(ctx, `DELETE FROM search_docs WHERE episode_id = ? AND kind = ?`,
		episodeID, catalog.SearchTranscript); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT `+transcriptCols+` FROM transcripts WHERE episode_id = ?`, episodeID)
	ts, err := collect(rows, err, scanTranscript)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	cur := catalog.Current(ts...)
	if cur == nil {
		return nil
	}
	for _, p := range passages(cur.Cues) {
		if _, err := tx.exec(ctx, `INSERT INTO search_docs (body, episode_id, kind, start_ms)
			VALUES (?, ?, ?, ?)`, p.text, episodeID, catalog.SearchTranscript, p.start.Milliseconds()); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	}
	return nil
}

type passage struct {
	start time.Duration
	text  string
}

// passages groups cues into runs of about 20 seconds (or 400 bytes), so
// that words said together are found together even in a transcript of
// one word per cue.
func passages(cues []catalog.Cue) []passage {
	var out []passage
	for _, c := range cues {
		if n := len(out); n > 0 && c.Start-out[n-1].start < 20*time.Second && len(out[n-1].text) < 400 {
			out[n-1].text += " " + c.Text
			continue
		}
		out = append(out, passage{start: c.Start, text: c.Text})
	}
	return out
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

// plainText is sanitized HTML notes as words: tags become spaces.
func plainText(h string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(h, " "))), " ")
}

// Search finds episodes whose title, notes or a transcript passage holds
// every word of q, newest first, with the time of the first transcript
// passage that does.
func (st *Store) Search(ctx context.Context, q catalog.SearchQuery) ([]catalog.SearchHit, error) {
	words := q.Words()
	if len(words) == 0 {
		return nil, nil
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	cond, args := st.d.SearchMatch, []any{st.d.SearchTerms(words)}
	if q.ShowIDs != nil {
		if len(q.ShowIDs) == 0 {
			return nil, nil
		}
		in, more := anyOf(st.d, "e.show_id", q.ShowIDs)
		cond += " AND " + in
		args = append(args, more...)
	}
	rows, err := st.r.query(ctx, `SELECT e.id, e.show_id, e.title, e.published_at, search_docs.kind,
		search_docs.start_ms, search_docs.body FROM search_docs JOIN episodes e ON e.id = search_docs.episode_id
		WHERE `+cond+` ORDER BY e.published_at DESC NULLS LAST, e.id DESC, search_docs.start_ms`, args...)
	var hits []catalog.SearchHit
	err = each(rows, err, func(r rowScanner) error {
		var h catalog.SearchHit
		var kind, body string
		var startMS int64
		if err := r.Scan(&h.EpisodeID, &h.ShowID, &h.Title, timeCol(&h.PublishedAt), &kind, &startMS, &body); err != nil {
			return err
		}
		n := len(hits)
		if n == 0 || hits[n-1].EpisodeID != h.EpisodeID {
			if n == limit {
				return nil
			}
			h.At = -1
			hits = append(hits, h)
			n++
		}
		last := &hits[n-1]
		last.In = append(last.In, kind)
		if kind == catalog.SearchTranscript && last.At < 0 {
			last.At, last.Snippet = time.Duration(startMS)*time.Millisecond, snippet(body, words)
		} else if last.Snippet == "" || kind == catalog.SearchNotes && last.At < 0 {
			last.Snippet = snippet(body, words)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: search %q: %w", q.Text, err)
	}
	for i := range hits {
		hits[i].In = inOrder(hits[i].In)
	}
	return hits, nil
}

// inOrder is the distinct kinds found, as title, notes, transcript.
func inOrder(kinds []string) []string {
	var out []string
	for _, k := range []string{catalog.SearchTitle, catalog.SearchNotes, catalog.SearchTranscript} {
		for _, have := range kinds {
			if have == k {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// snippet is up to about 160 characters of body around the first word
// found.
func snippet(body string, words []string) string {
	r := []rune(body)
	lower := []rune(strings.ToLower(body))
	at := 0
	for i := range lower {
		if (i == 0 || !unicode.IsLetter(lower[i-1]) && !unicode.IsDigit(lower[i-1])) &&
			strings.HasPrefix(string(lower[i:min(i+40, len(lower))]), words[0]) {
			at = i
			break
		}
	}
	at = min(at, len(r))
	from, to := max(0, at-60), min(len(r), at+100)
	s := strings.TrimSpace(string(r[from:to]))
	if from > 0 {
		s = "…" + s
	}
	if to < len(r) {
		s += "…"
	}
	return s
}
