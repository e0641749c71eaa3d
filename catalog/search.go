package catalog

import (
	"strings"
	"time"
	"unicode"
)

// SearchQuery asks for episodes whose title, notes or transcript hold
// every word of Text (each as a word or the start of one).
type SearchQuery struct {
	Text    string
	ShowIDs []string // only these shows; nil for all.
	Limit   int      // at most this many episodes; 0 for 50.
}

// Words are the query's words, lower case, as the search indexes split
// text: runs of letters and digits. At most 16.
func (q SearchQuery) Words() []string {
	w := strings.FieldsFunc(strings.ToLower(q.Text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(w) > 16 {
		w = w[:16]
	}
	return w
}

// SearchHit is one episode a search found, newest first.
type SearchHit struct {
	EpisodeID   string
	ShowID      string
	Title       string
	PublishedAt time.Time
	// In says where the words were found: "title", "notes", "transcript"
	// (each at most once, in that order).
	In []string
	// At is where in the audio the first transcript passage holding the
	// words starts; -1 when the words are not in the transcript.
	At time.Duration
	// Snippet is that passage, or the notes or title that matched.
	Snippet string
}

// Search index kinds: what a row of the index holds.
const (
	SearchTitle      = "title"
	SearchNotes      = "notes"
	SearchTranscript = "transcript"
)
