package catalog

import (
	"context"
	"time"
)

// Cue is one timed passage of a transcript. Untimed transcripts (plain
// text) have cues whose Start and End are both zero.
type Cue struct {
	Start   time.Duration `json:"start"`
	End     time.Duration `json:"end"`
	Speaker string        `json:"speaker,omitempty"`
	Text    string        `json:"text"`
}

// Where a transcript came from. An uploaded one always wins over a
// generated one; the generated one is kept, and shows again when the
// uploaded one is deleted.
const (
	TranscriptUploaded  = "uploaded"
	TranscriptGenerated = "generated"
)

// Transcript states, as the API and dashboard show them. An uploaded
// transcript is always done; a generated one goes queued, running, then
// done or failed.
const (
	TranscriptNone    = "none"
	TranscriptQueued  = "queued"
	TranscriptRunning = "running"
	TranscriptDone    = "done"
	TranscriptFailed  = "failed"
)

// Transcript is an episode's transcript of one origin. The parsed cues are
// the one stored source every served format is rendered from.
type Transcript struct {
	EpisodeID string
	Origin    string // TranscriptUploaded or TranscriptGenerated.
	Format    string // the format it arrived in: vtt, srt, json or txt.
	Language  string // BCP 47; "" means the show's.
	Cues      []Cue
	State     string
	Error     string // why generating failed, the program's own words.
	UpdatedAt time.Time
}

// TranscriptInfo is what an episode's feeds and pages need to know of its
// transcript, filled by GetEpisode and ListEpisodes: the uploaded one if
// there is one, else the generated one's state.
type TranscriptInfo struct {
	Origin    string // "" when the episode has none.
	State     string // "" when Origin is "" (StateName says TranscriptNone).
	Error     string
	Language  string
	Timed     bool // false for plain text: served as HTML and text only.
	UpdatedAt time.Time
}

// StateName is State as the API shows it: TranscriptNone for "".
func (t TranscriptInfo) StateName() string {
	if t.State == "" {
		return TranscriptNone
	}
	return t.State
}

// Ready reports whether there is a transcript to serve.
func (t TranscriptInfo) Ready() bool { return t.State == TranscriptDone }

// TranscriptStore keeps transcripts and the search index over titles,
// notes and transcripts.
type TranscriptStore interface {
	// PutTranscript stores t, replacing the episode's transcript of the
	// same origin, sets UpdatedAt, and bumps the show's Version. An unknown
	// episode is ErrNotFound.
	PutTranscript(ctx context.Context, t *Transcript) error
	// Transcript returns the episode's transcript of that origin, or
	// ErrNotFound.
	Transcript(ctx context.Context, episodeID, origin string) (*Transcript, error)
	// DeleteTranscript removes the episode's transcript of that origin;
	// ErrNotFound when there is none.
	DeleteTranscript(ctx context.Context, episodeID, origin string) error
	// ClaimTranscriptJob marks one queued generated transcript (or one left
	// running since before stale, by a node that died) running and returns
	// its episode id; ErrNotFound when there is none.
	ClaimTranscriptJob(ctx context.Context, stale time.Time) (string, error)
	// Search finds episodes by the words of their titles, notes and
	// transcripts.
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)
	// SetChapters replaces the episode's chapters and marks them edited, so
	// new audio no longer replaces them with its own.
	SetChapters(ctx context.Context, episodeID string, chapters []Chapter) error
}

// Current is the transcript that counts: uploaded before generated, and
// only a finished one. nil when there is none.
func Current(ts ...*Transcript) *Transcript {
	var gen *Transcript
	for _, t := range ts {
		switch {
		case t == nil:
		case t.Origin == TranscriptUploaded:
			return t
		case t.State == TranscriptDone:
			gen = t
		}
	}
	return gen
}
