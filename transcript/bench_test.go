package transcript

import (
	"testing"
	"time"
)

// hourOfCues is a one-hour transcript: a cue every 3 seconds, two speakers.
func hourOfCues() []Cue {
	var cues []Cue
	for t := time.Duration(0); t < time.Hour; t += 3 * time.Second {
		sp := "Ana Lima"
		if len(cues)%2 == 1 {
			sp = "Ben"
		}
		cues = append(cues, Cue{Start: t, End: t + 2900*time.Millisecond, Speaker: sp,
			Text: "The ferry timetable changes on Monday, the council said tonight."})
	}
	return cues
}

func BenchmarkParseVTTHour(b *testing.B) {
	src := WriteVTT(hourOfCues())
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Parse(VTT, src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteFormatsHour(b *testing.B) {
	cues := hourOfCues()
	for b.Loop() {
		for _, f := range []Format{VTT, SRT, JSON, HTML} {
			if _, ok := Write(f, "Episode", "en", cues); !ok {
				b.Fatal(f)
			}
		}
	}
}
