package transcript

import (
	"html"
	"regexp"
	"strings"
)

// ParseSRT reads SubRip. Cues are numbered blocks; the number is optional.
// A speaker is read from a "Name: " prefix (a name of at most four
// capitalised words), as SRT has no markup for it and onair writes it so.
func ParseSRT(b []byte) ([]Cue, error) {
	var cues []Cue
	for _, k := range blocks(b) {
		at := 0
		if !strings.Contains(k.lines[0], "-->") {
			at = 1
		}
		if at >= len(k.lines) || !strings.Contains(k.lines[at], "-->") {
			return nil, errorf(k.line, "expected a cue timing line (00:00:01,000 --> 00:00:04,000)")
		}
		start, end, err := timing(k.lines[at], ',')
		if err != nil {
			return nil, errorf(k.line+at, "%v", err)
		}
		text := cleanText(html.UnescapeString(tagRe.ReplaceAllString(strings.Join(k.lines[at+1:], "\n"), "")))
		speaker := ""
		if m := speakerRe.FindStringSubmatch(text); m != nil {
			speaker, text = m[1], strings.TrimSpace(text[len(m[0]):])
		}
		if text == "" {
			continue
		}
		cues = append(cues, Cue{Start: start, End: end, Speaker: speaker, Text: text, Line: k.line + at})
	}
	return cues, nil
}

// speakerRe is a "Name: " prefix: one to four words, each starting with a
// capital letter.
var speakerRe = regexp.MustCompile(`^(\p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*){0,3}): `)
