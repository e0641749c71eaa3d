package transcript

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"time"
)

// jsonDoc is a Podcast Index JSON transcript (version 1.0.0).
type jsonDoc struct {
	Version  string        `json:"version"`
	Segments []jsonSegment `json:"segments"`
}

type jsonSegment struct {
	Speaker   string   `json:"speaker,omitempty"`
	StartTime *float64 `json:"startTime"`
	EndTime   *float64 `json:"endTime"`
	Body      string   `json:"body"`
}

// ParseJSON reads a Podcast Index JSON transcript. Errors name the line of
// the segment at fault.
func ParseJSON(b []byte) ([]Cue, error) {
	var doc jsonDoc
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); err != nil {
		line := 0
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case asErr(err, &se):
			line = lineAt(b, se.Offset)
		case asErr(err, &te):
			line = lineAt(b, te.Offset)
		}
		return nil, errorf(line, "not a JSON transcript: %v", err)
	}
	if doc.Segments == nil {
		return nil, errorf(1, `a JSON transcript has a "segments" list`)
	}
	offsets := segmentLines(b)
	var cues []Cue
	for i, s := range doc.Segments {
		line := 0
		if i < len(offsets) {
			line = offsets[i]
		}
		if s.StartTime == nil || s.EndTime == nil {
			return nil, errorf(line, "segment %d has no startTime or endTime", i+1)
		}
		start, ok1 := jsonTime(*s.StartTime)
		end, ok2 := jsonTime(*s.EndTime)
		if !ok1 || !ok2 {
			return nil, errorf(line, "segment %d has a time that is not a number of seconds", i+1)
		}
		text := cleanText(s.Body)
		if text == "" {
			continue
		}
		cues = append(cues, Cue{Start: start, End: end, Speaker: strings.TrimSpace(s.Speaker), Text: text, Line: line})
	}
	return cues, nil
}

func asErr[T error](err error, target *T) bool {
	t, ok := err.(T)
	if ok {
		*target = t
	}
	return ok
}

// jsonTime turns seconds into a duration rounded to the millisecond.
func jsonTime(s float64) (time.Duration, bool) {
	if math.IsNaN(s) || s < 0 || s > 1e8 {
		return 0, false
	}
	return time.Duration(math.Round(s*1000)) * time.Millisecond, true
}

func lineAt(b []byte, off int64) int {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	return bytes.Count(b[:off], []byte("\n")) + 1
}

// segmentLines finds the line where each object of "segments" starts, by
// walking the tokens.
func segmentLines(b []byte) []int {
	dec := json.NewDecoder(bytes.NewReader(b))
	var out []int
	depth, inSegments := 0, false
	key := ""
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if t == '[' && depth == 1 && key == "segments" {
					inSegments = true
				}
				if t == '{' && inSegments && depth == 2 {
					out = append(out, lineAt(b, dec.InputOffset()))
				}
				depth++
			default:
				depth--
				if depth == 1 {
					inSegments = false
				}
			}
			key = ""
		case string:
			if depth == 1 && key == "" {
				key = t
				continue
			}
			key = ""
		default:
			key = ""
		}
	}
}
