package httpx

import (
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/transcript"
)

// TranscriptCues is a stored transcript's cues as the transcript package
// writes and groups them (files, paragraphs).
func TranscriptCues(t *catalog.Transcript) []transcript.Cue {
	cues := make([]transcript.Cue, len(t.Cues))
	for i, c := range t.Cues {
		cues[i] = transcript.Cue{Start: c.Start, End: c.End, Speaker: c.Speaker, Text: c.Text}
	}
	return cues
}
