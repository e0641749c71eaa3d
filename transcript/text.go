package transcript

import "strings"

// ParseText reads plain text: one untimed cue per paragraph (paragraphs
// are separated by blank lines).
func ParseText(b []byte) ([]Cue, error) {
	var cues []Cue
	for _, k := range blocks(b) {
		if t := cleanText(strings.Join(k.lines, "\n")); t != "" {
			cues = append(cues, Cue{Text: t, Line: k.line})
		}
	}
	return cues, nil
}
