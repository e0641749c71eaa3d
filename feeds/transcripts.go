package feeds

import (
	"html"
	"strings"

	"github.com/onair-fm/onair/catalog"
)

// The transcript formats an item links, each with its podcast:transcript
// type, in the order feeds list them (WebVTT first: Apple reads it).
var transcriptFormats = []struct{ Ext, Type, Title string }{
	{"vtt", "text/vtt", "WebVTT"},
	{"srt", "application/x-subrip", "SRT"},
	{"json", "application/json", "JSON"},
	{"html", "text/html", "HTML"},
}

// transcriptLink is one format of an episode's transcript: an RSS item's
// podcast:transcript element and a JSON Feed item's transcript link as it
// is, and an Atom link by its Title too.
type transcriptLink struct {
	URL      string `xml:"url,attr" json:"url"`
	Type     string `xml:"type,attr" json:"type"`
	Language string `xml:"language,attr,omitempty" json:"language,omitempty"`
	Rel      string `xml:"rel,attr,omitempty" json:"rel,omitempty"`
	Title    string `xml:"-" json:"-"`
}

// transcriptLinks are the formats an episode's transcript is served in:
// the stored transcript's (every format when it is timed, HTML alone for
// plain text), else the external URL the publisher typed, if any.
func transcriptLinks(l Links, e *catalog.Episode) []transcriptLink {
	lang := e.Transcript.Language
	if lang == "" {
		lang = l.Language
	}
	if !e.Transcript.Ready() || l.Transcript == nil {
		if e.TranscriptURL == "" {
			return nil
		}
		return []transcriptLink{{URL: clean(e.TranscriptURL), Type: clean(e.TranscriptType), Language: clean(lang), Title: "Transcript"}}
	}
	var out []transcriptLink
	for _, f := range transcriptFormats {
		if !e.Transcript.Timed && f.Ext != "html" {
			continue
		}
		t := transcriptLink{URL: l.Transcript(e, f.Ext), Type: f.Type, Language: clean(lang),
			Title: "Transcript (" + f.Title + ")"}
		if f.Ext == "vtt" {
			t.Rel = "captions"
		}
		out = append(out, t)
	}
	return out
}

// withChapterLines appends the chapters to the notes as "00:00 Title"
// lines when the show turned that on: Spotify and YouTube read them.
func withChapterLines(l Links, e *catalog.Episode, notes string) string {
	if !l.ChapterTimestamps || len(e.Chapters) == 0 {
		return notes
	}
	lines := ChapterLines(e.ResolvedChapters())
	for i := range lines {
		lines[i] = html.EscapeString(clean(lines[i]))
	}
	return notes + "<p>" + strings.Join(lines, "<br>") + "</p>"
}

// Atom link relations for transcripts and chapters: IRIs in the Podcasting
// 2.0 namespace, as RFC 4287 allows, so readers tell them from the
// related articles (rel="related").
const (
	RelTranscript = NSPodcast + "#transcript"
	RelChapters   = NSPodcast + "#chapters"
)

// atomTranscriptLinks are the transcript and chapters links of an entry.
func atomTranscriptLinks(l Links, e *catalog.Episode) []atomLink {
	var out []atomLink
	for _, t := range transcriptLinks(l, e) {
		out = append(out, atomLink{Href: t.URL, Rel: RelTranscript, Type: t.Type, Title: t.Title})
	}
	if u := l.chapters(e); u != "" {
		out = append(out, atomLink{Href: u, Rel: RelChapters, Type: ChaptersType, Title: "Chapters"})
	}
	return out
}
