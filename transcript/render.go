package transcript

import (
	"bytes"
	"encoding/json"
	"html"
	"strconv"
	"strings"
	"time"
)

// WriteVTT renders cues as WebVTT, the speaker in a voice span.
func WriteVTT(cues []Cue) []byte {
	var b bytes.Buffer
	b.WriteString("WEBVTT\n")
	for _, c := range cues {
		b.WriteString("\n" + Stamp(c.Start, '.') + " --> " + Stamp(c.End, '.') + "\n")
		text := vttEscape(c.Text)
		if c.Speaker != "" {
			text = "<v " + vttEscape(c.Speaker) + ">" + text
		}
		b.WriteString(text + "\n")
	}
	return b.Bytes()
}

// vttEscape escapes what WebVTT cue text may not hold, and the "-->" and
// blank lines that would end a cue.
func vttEscape(s string) string {
	return noBlankLines(vttEscaper.Replace(s))
}

func noBlankLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

var vttEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// WriteSRT renders cues as SubRip, the speaker as a "Name: " prefix.
func WriteSRT(cues []Cue) []byte {
	var b bytes.Buffer
	for i, c := range cues {
		if i > 0 {
			b.WriteByte('\n')
		}
		text := noBlankLines(strings.ReplaceAll(c.Text, "-->", "->"))
		if c.Speaker != "" {
			text = c.Speaker + ": " + text
		}
		b.WriteString(strconv.Itoa(i+1) + "\n" + Stamp(c.Start, ',') + " --> " + Stamp(c.End, ',') + "\n" + text + "\n")
	}
	return b.Bytes()
}

// WriteJSON renders cues as a Podcast Index JSON transcript.
func WriteJSON(cues []Cue) []byte {
	doc := jsonDoc{Version: "1.0.0", Segments: make([]jsonSegment, len(cues))}
	for i, c := range cues {
		s, e := secs(c.Start), secs(c.End)
		doc.Segments[i] = jsonSegment{Speaker: c.Speaker, StartTime: &s, EndTime: &e, Body: c.Text}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(doc) // plain strings and floats: cannot fail
	return b.Bytes()
}

func secs(d time.Duration) float64 { return float64(d.Milliseconds()) / 1000 }

// WriteText renders cues as plain text, a paragraph per speaker turn.
func WriteText(cues []Cue) []byte {
	var b bytes.Buffer
	for i, p := range Paragraphs(cues) {
		if i > 0 {
			b.WriteString("\n")
		}
		if p.Speaker != "" {
			b.WriteString(p.Speaker + ": ")
		}
		b.WriteString(p.Text + "\n")
	}
	return b.Bytes()
}

// Paragraph is a run of cues by one speaker, for reading.
type Paragraph struct {
	Start   time.Duration
	Speaker string
	Text    string
	Timed   bool
}

// paragraphSpan is how long a paragraph of one speaker grows before a new
// one starts, so time links stay close to what they point at.
const paragraphSpan = 45 * time.Second

// Paragraphs groups cues into readable paragraphs: a new one at each change
// of speaker and every 45 seconds or so.
func Paragraphs(cues []Cue) []Paragraph {
	timed := Timed(cues)
	var out []Paragraph
	for _, c := range cues {
		text := strings.ReplaceAll(c.Text, "\n", " ")
		if n := len(out); n > 0 && timed && out[n-1].Speaker == c.Speaker && c.Start-out[n-1].Start < paragraphSpan {
			out[n-1].Text += " " + text
			continue
		}
		out = append(out, Paragraph{Start: c.Start, Speaker: c.Speaker, Text: text, Timed: timed})
	}
	return out
}

// Clock writes a duration the way players show it: M:SS under an hour and
// H:MM:SS from an hour, seconds rounded down ("25:26", "1:02:05"; never
// "28:6"); a negative one as 0:00.
func Clock(d time.Duration) string {
	s := max(int64(d/time.Second), 0)
	if s >= 3600 {
		return strconv.FormatInt(s/3600, 10) + ":" + pad2(s/60%60) + ":" + pad2(s%60)
	}
	return strconv.FormatInt(s/60, 10) + ":" + pad2(s%60)
}

// WriteHTML renders cues as a small standalone HTML page titled title: a
// paragraph per speaker turn, each with its time, in a main landmark.
func WriteHTML(title, lang string, cues []Cue) []byte {
	var b bytes.Buffer
	esc := html.EscapeString
	b.WriteString("<!doctype html>\n<html lang=\"" + esc(lang) + "\"><head><meta charset=\"utf-8\">" +
		"<meta name=\"viewport\" content=\"width=device-width\"><title>" + esc(title) + "</title></head>\n<body>\n<main>\n<h1>" +
		esc(title) + "</h1>\n")
	for _, p := range Paragraphs(cues) {
		b.WriteString("<p>")
		if p.Timed {
			b.WriteString(`<time datetime="PT` + strconv.FormatFloat(secs(p.Start), 'f', -1, 64) + `S">` + Clock(p.Start) + "</time> ")
		}
		if p.Speaker != "" {
			b.WriteString("<cite>" + esc(p.Speaker) + "</cite>: ")
		}
		b.WriteString(esc(p.Text) + "</p>\n")
	}
	b.WriteString("</main>\n</body></html>\n")
	return b.Bytes()
}

// Write renders cues in format f; untimed cues only as text or HTML.
func Write(f Format, title, lang string, cues []Cue) ([]byte, bool) {
	timed := Timed(cues)
	switch {
	case f == VTT && timed:
		return WriteVTT(cues), true
	case f == SRT && timed:
		return WriteSRT(cues), true
	case f == JSON && timed:
		return WriteJSON(cues), true
	case f == Text:
		return WriteText(cues), true
	case f == HTML:
		return WriteHTML(title, lang, cues), true
	}
	return nil, false
}

// Formats are the formats cues can be served in, VTT first.
func Formats(cues []Cue) []Format {
	if Timed(cues) {
		return []Format{VTT, SRT, JSON, HTML, Text}
	}
	return []Format{HTML, Text}
}
