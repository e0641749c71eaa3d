package transcript

import (
	"testing"
)

// fuzzParse checks that a parser never panics, and that whatever it reads
// writes back to VTT that reads again to the same number of cues.
func fuzzParse(f *testing.F, format Format, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		cues, err := Parse(format, b)
		if err != nil || !Timed(cues) {
			return
		}
		again, err := Parse(VTT, WriteVTT(cues))
		if err != nil {
			t.Fatalf("written VTT does not parse: %v", err)
		}
		if len(again) != len(cues) {
			t.Fatalf("%d cues became %d", len(cues), len(again))
		}
		for i := range cues {
			if again[i].Start != cues[i].Start || again[i].End != cues[i].End {
				t.Fatalf("cue %d: times changed", i)
			}
		}
	})
}

func FuzzParseVTT(f *testing.F) {
	fuzzParse(f, VTT, sampleVTT, "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>x</v>\n", "WEBVTT")
}

func FuzzParseSRT(f *testing.F) {
	fuzzParse(f, SRT, "1\n00:00:01,000 --> 00:00:02,500\nAna: hi\n\n2\n00:00:03,000 --> 00:00:04,000\nho\n")
}

func FuzzParseJSON(f *testing.F) {
	fuzzParse(f, JSON, `{"version":"1.0.0","segments":[{"speaker":"A","startTime":0.5,"endTime":1.25,"body":"hi"}]}`, `{"segments":[{}]}`)
}
