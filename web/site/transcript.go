package site

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/transcript"
	"github.com/onair-fm/onair/web/httpx"
)

// paragraphView is one paragraph of an episode page's transcript.
type paragraphView struct {
	transcript.Paragraph
	At      string // "1:05"
	Seconds string // where it starts, to the millisecond, for seeking
	Link    string // the episode page starting there (without script)
}

// transcriptFile is a link to the transcript in one format.
type transcriptFile struct{ Name, URL string }

// withTranscript adds the episode's transcript (the uploaded one, else a
// generated one) to v as paragraphs for the page, and the URL of its JSON
// for the player, which loads it when captions or the transcript are
// asked for.
func (s *Site) withTranscript(ctx context.Context, v *EpisodeView, paragraphs bool) error {
	e := v.Episode
	if !e.Transcript.Ready() {
		return nil
	}
	if e.Transcript.Timed {
		v.TranscriptJSON = s.TranscriptURL(v.Show.Show, e, "json")
	}
	v.TranscriptFiles = []transcriptFile{{"HTML", s.TranscriptURL(v.Show.Show, e, "html")},
		{"Text", s.TranscriptURL(v.Show.Show, e, "txt")}}
	if e.Transcript.Timed {
		v.TranscriptFiles = append([]transcriptFile{{"WebVTT", s.TranscriptURL(v.Show.Show, e, "vtt")},
			{"SRT", s.TranscriptURL(v.Show.Show, e, "srt")}, {"JSON", s.TranscriptURL(v.Show.Show, e, "json")}},
			v.TranscriptFiles...)
	}
	if !paragraphs {
		return nil
	}
	t, err := s.Store.Transcript(ctx, e.ID, e.Transcript.Origin)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	for _, p := range transcript.Paragraphs(httpx.TranscriptCues(t)) {
		pv := paragraphView{Paragraph: p}
		if p.Timed {
			pv.At = httpx.FormatDuration(p.Start)
			pv.Seconds = secondsString(p.Start)
			pv.Link = s.EpisodeAtURL(v.Show.Show, e, int(p.Start/time.Second))
		}
		v.Transcript = append(v.Transcript, pv)
	}
	v.TranscriptLang = t.Language
	return nil
}

// secondsString is d in seconds with milliseconds, as the players seek.
func secondsString(d time.Duration) string {
	ms := d.Milliseconds()
	s := itoa(ms / 1000)
	if ms%1000 != 0 {
		f := itoa(1000 + ms%1000)
		s += "." + f[1:]
	}
	return s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
