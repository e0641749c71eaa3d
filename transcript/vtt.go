package transcript

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// block is a run of non-blank lines and the line number of its first.
type block struct {
	line  int
	lines []string
}

// blocks splits text into blank-line separated blocks.
func blocks(b []byte) []block {
	var out []block
	var cur *block
	for i, l := range strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n") {
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) == "" {
			cur = nil
			continue
		}
		if cur == nil {
			out = append(out, block{line: i + 1})
			cur = &out[len(out)-1]
		}
		cur.lines = append(cur.lines, l)
	}
	return out
}

// ParseVTT reads WebVTT. A cue's speaker is its first voice span's name
// (<v Name>); other markup is dropped, entities are decoded.
func ParseVTT(b []byte) ([]Cue, error) {
	bl := blocks(b)
	if len(bl) == 0 || !strings.HasPrefix(bl[0].lines[0], "WEBVTT") {
		return nil, errorf(1, `a WebVTT file starts with "WEBVTT"`)
	}
	if h := bl[0].lines[0]; len(h) > 6 && h[6] != ' ' && h[6] != '\t' {
		return nil, errorf(1, `a WebVTT file starts with "WEBVTT"`)
	}
	var cues []Cue
	// The header block may hold metadata lines; a cue in it (no blank
	// line after WEBVTT) is still read.
	first := bl[0]
	first.lines, first.line = first.lines[1:], first.line+1
	for i, k := range append([]block{first}, bl[1:]...) {
		if len(k.lines) == 0 {
			continue
		}
		head := k.lines[0]
		if head == "NOTE" || strings.HasPrefix(head, "NOTE ") || strings.HasPrefix(head, "NOTE\t") ||
			head == "STYLE" || head == "REGION" {
			continue
		}
		at := 0
		if !strings.Contains(head, "-->") {
			at = 1 // a cue identifier
		}
		if at >= len(k.lines) || !strings.Contains(k.lines[at], "-->") {
			if i == 0 {
				continue // header metadata
			}
			return nil, errorf(k.line, "expected a cue timing line (00:00:01.000 --> 00:00:04.000)")
		}
		start, end, err := timing(k.lines[at], '.')
		if err != nil {
			return nil, errorf(k.line+at, "%v", err)
		}
		speaker, text := vttPayload(k.lines[at+1:])
		if text == "" {
			continue
		}
		cues = append(cues, Cue{Start: start, End: end, Speaker: speaker, Text: text, Line: k.line + at})
	}
	return cues, nil
}

var (
	voiceRe = regexp.MustCompile(`<v(?:\.[^ \t>]*)?[ \t]+([^>]*)>`)
	tagRe   = regexp.MustCompile(`<[^>]*>`)
)

// vttPayload returns a cue's speaker and its text without markup.
func vttPayload(lines []string) (speaker, text string) {
	s := strings.Join(lines, "\n")
	if m := voiceRe.FindStringSubmatch(s); m != nil {
		speaker = strings.TrimSpace(html.UnescapeString(m[1]))
	}
	return speaker, cleanText(html.UnescapeString(tagRe.ReplaceAllString(s, "")))
}

// cleanText trims each line and drops empty ones.
func cleanText(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(strings.ReplaceAll(l, "\u00a0", " ")); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// timing reads "START --> END [settings]" with frac as the separator of
// milliseconds ('.' for WebVTT, ',' for SRT; the other is taken too).
func timing(l string, frac byte) (start, end time.Duration, err error) {
	a, b, _ := strings.Cut(l, "-->")
	if start, err = parseStamp(strings.TrimSpace(a)); err != nil {
		return 0, 0, err
	}
	f := strings.Fields(b)
	if len(f) == 0 {
		return 0, 0, errorf(0, "cue timing has no end time")
	}
	if end, err = parseStamp(f[0]); err != nil {
		return 0, 0, err
	}
	return start, end, nil
}

// parseStamp reads [hh:]mm:ss[.,]mmm.
func parseStamp(s string) (time.Duration, error) {
	bad := func() (time.Duration, error) {
		return 0, errorf(0, "%q is not a time like 00:01:02.345", s)
	}
	s = strings.ReplaceAll(s, ",", ".")
	hms, ms, ok := strings.Cut(s, ".")
	if !ok || len(ms) != 3 {
		return bad()
	}
	parts := strings.Split(hms, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return bad()
	}
	var d time.Duration
	for i, p := range append(parts, ms) {
		n, err := strconv.ParseUint(p, 10, 32)
		if err != nil || p == "" || p[0] == '+' {
			return bad()
		}
		isHours := len(parts) == 3 && i == 0
		switch {
		case i == len(parts):
			d += time.Duration(n) * time.Millisecond
		case isHours:
			if n > 99999 {
				return bad()
			}
			d += time.Duration(n) * time.Hour
		default:
			if len(p) != 2 || n > 59 {
				return bad()
			}
			unit := time.Second
			if i == len(parts)-2 {
				unit = time.Minute
			}
			d += time.Duration(n) * unit
		}
	}
	return d, nil
}

// Stamp writes d as hh:mm:ss followed by sep and milliseconds.
func Stamp(d time.Duration, sep byte) string {
	if d < 0 {
		d = 0
	}
	ms := d.Milliseconds()
	return pad2(ms/3600000) + ":" + pad2(ms/60000%60) + ":" + pad2(ms/1000%60) + string(sep) +
		strconv.FormatInt(1000+ms%1000, 10)[1:]
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}
