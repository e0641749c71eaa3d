package publish

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/transcript"
)

// TranscriptUpload is a transcript file as a publisher sends it.
type TranscriptUpload struct {
	Body        []byte
	ContentType string // as sent; may be "" or application/octet-stream.
	FileName    string // may be "".
	Language    string // BCP 47; "" for the show's language.
}

// SetTranscript stores the publisher's transcript for e: it must parse,
// and its cue times must increase and end within the episode's audio;
// otherwise the error is catalog.ErrInvalid with a message naming the
// line. The uploaded transcript wins over a generated one from then on.
func (p *Service) SetTranscript(ctx context.Context, e *catalog.Episode, up TranscriptUpload) (*catalog.Episode, error) {
	cues, format, err := ParseTranscript(up, e.Audio.Duration)
	if err != nil {
		return nil, err
	}
	if up.Language != "" {
		if !langTag.MatchString(up.Language) {
			return nil, catalog.Invalidf("language %q is not a language tag like en or en-us", up.Language)
		}
	}
	t := &catalog.Transcript{EpisodeID: e.ID, Origin: catalog.TranscriptUploaded, Format: string(format),
		Language: up.Language, Cues: cues, State: catalog.TranscriptDone}
	if err := p.store.PutTranscript(ctx, t); err != nil {
		return nil, fmt.Errorf("publish: set transcript: %w", err)
	}
	return p.reloadEpisode(ctx, e.ID)
}

// ParseTranscript reads and checks a transcript for audio of duration d,
// returning its cues and the format it was in.
func ParseTranscript(up TranscriptUpload, d time.Duration) ([]catalog.Cue, transcript.Format, error) {
	format := transcript.Detect(up.ContentType, up.FileName, up.Body)
	if format == "" {
		return nil, "", catalog.Invalidf("transcript: %q is not a transcript type (WebVTT, SRT, Podcast Index JSON or plain text)", up.ContentType)
	}
	cues, err := transcript.Parse(format, up.Body)
	if err == nil {
		err = transcript.Check(cues, d)
	}
	var te *transcript.Error
	if errors.As(err, &te) {
		return nil, "", catalog.Invalidf("transcript (%s): %s", formatName(format), te.Error())
	}
	if err != nil {
		return nil, "", err
	}
	out := make([]catalog.Cue, len(cues))
	for i, c := range cues {
		out[i] = catalog.Cue{Start: c.Start, End: c.End, Speaker: c.Speaker, Text: c.Text}
	}
	return out, format, nil
}

func formatName(f transcript.Format) string {
	switch f {
	case transcript.VTT:
		return "WebVTT"
	case transcript.SRT:
		return "SRT"
	case transcript.JSON:
		return "JSON"
	}
	return "text"
}

// DeleteTranscript removes the publisher's transcript of e (a generated
// one, if any, shows again); ErrNotFound when e has none.
func (p *Service) DeleteTranscript(ctx context.Context, e *catalog.Episode) error {
	err := p.store.DeleteTranscript(ctx, e.ID, catalog.TranscriptUploaded)
	if errors.Is(err, catalog.ErrNotFound) {
		return refuse(err, "episode %s has no uploaded transcript", e.ID)
	}
	if err != nil {
		return fmt.Errorf("publish: delete transcript: %w", err)
	}
	return nil
}

// CurrentTranscript is the transcript e's pages and feeds show: the
// uploaded one, else a finished generated one; ErrNotFound when neither.
func CurrentTranscript(ctx context.Context, st catalog.Store, e *catalog.Episode) (*catalog.Transcript, error) {
	var ts []*catalog.Transcript
	for _, origin := range []string{catalog.TranscriptUploaded, catalog.TranscriptGenerated} {
		t, err := st.Transcript(ctx, e.ID, origin)
		if err != nil && !errors.Is(err, catalog.ErrNotFound) {
			return nil, err
		}
		ts = append(ts, t)
	}
	if cur := catalog.Current(ts...); cur != nil {
		return cur, nil
	}
	return nil, fmt.Errorf("publish: transcript of %s: %w", e.ID, catalog.ErrNotFound)
}

// langTag is a BCP 47 language tag as feeds carry them: en, en-us, pt-BR.
var langTag = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$`)
