package transcript

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

const sampleVTT = `WEBVTT Kind: captions

NOTE written by hand

intro
00:00:00.000 --> 00:00:02.345 align:start
<v Ana Lima>Welcome to <i>the</i> Morning Report.

00:02.345 --> 00:00:05.001
<v.loud Ben>Thanks &amp; good morning,
everyone.

01:00:00.999 --> 01:00:02.000
No speaker here.
`

func ms(n int64) time.Duration { return time.Duration(n) * time.Millisecond }

func TestParseVTT(t *testing.T) {
	t.Parallel()
	cues, err := Parse(VTT, []byte(sampleVTT))
	if err != nil {
		t.Fatal(err)
	}
	want := []Cue{
		{Start: 0, End: ms(2345), Speaker: "Ana Lima", Text: "Welcome to the Morning Report.", Line: 6},
		{Start: ms(2345), End: ms(5001), Speaker: "Ben", Text: "Thanks & good morning,\neveryone.", Line: 9},
		{Start: ms(3600999), End: ms(3602000), Text: "No speaker here.", Line: 13},
	}
	if !reflect.DeepEqual(cues, want) {
		t.Fatalf("got %+v\nwant %+v", cues, want)
	}
}

// TestRoundTrip converts VTT -> SRT -> JSON -> VTT and back to cues: times
// to the millisecond and speakers survive every step.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	orig, err := Parse(VTT, []byte(sampleVTT))
	if err != nil {
		t.Fatal(err)
	}
	srt, err := Parse(SRT, WriteSRT(orig))
	if err != nil {
		t.Fatal(err)
	}
	js, err := Parse(JSON, WriteJSON(srt))
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(VTT, WriteVTT(js))
	if err != nil {
		t.Fatal(err)
	}
	strip := func(cs []Cue) []Cue {
		out := append([]Cue(nil), cs...)
		for i := range out {
			out[i].Line = 0
		}
		return out
	}
	for name, got := range map[string][]Cue{"srt": srt, "json": js, "vtt": back} {
		if !reflect.DeepEqual(strip(got), strip(orig)) {
			t.Errorf("%s: got %+v\nwant %+v", name, strip(got), strip(orig))
		}
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		f      Format
		in     string
		line   int
		substr string
	}{
		{"no header", VTT, "00:00.000 --> 00:01.000\nhi\n", 1, "WEBVTT"},
		{"bad time", VTT, "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n\n00:00:61.000 --> 00:01:02.000\nho\n", 6, "not a time"},
		{"no timing", VTT, "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n\nid\ntext only\n", 6, "timing"},
		{"srt no end", SRT, "1\n00:00:01,000 -->\nhi\n", 2, "no end"},
		{"srt junk", SRT, "1\n00:00:01,000 --> 00:00:02,000\nhi\n\nhello there\n", 5, "timing"},
		{"json syntax", JSON, "{\n\"segments\": [\n{\"startTime\": 1,,}\n]}", 3, "not a JSON"},
		{"json no time", JSON, "{\"version\":\"1.0.0\",\n\"segments\": [\n  {\"startTime\": 1, \"endTime\": 2, \"body\": \"a\"},\n  {\"startTime\": 3, \"body\": \"b\"}\n]}", 4, "no startTime or endTime"},
		{"not utf8", Text, "fine\n\xff\n", 2, "UTF-8"},
		{"empty", Text, "\n\n", 0, "no text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.f, []byte(tt.in))
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if te.Line != tt.line || !strings.Contains(te.Msg, tt.substr) {
				t.Fatalf("err = line %d %q, want line %d containing %q", te.Line, te.Msg, tt.line, tt.substr)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	cues := []Cue{{Start: 0, End: ms(1000), Text: "a", Line: 3}, {Start: ms(2000), End: ms(9000), Text: "b", Line: 6}}
	if err := Check(cues, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cues []Cue
		d    time.Duration
		line int
	}{
		{"past the end", cues, 5 * time.Second, 6},
		{"backwards", []Cue{{Start: ms(5000), End: ms(6000), Line: 3}, {Start: ms(1000), End: ms(2000), Line: 7}}, 0, 7},
		{"ends before start", []Cue{{Start: ms(5000), End: ms(4000), Line: 4}}, 0, 4},
	}
	for _, tt := range tests {
		var te *Error
		if err := Check(tt.cues, tt.d); !errors.As(err, &te) || te.Line != tt.line {
			t.Errorf("%s: err = %v, want line %d", tt.name, err, tt.line)
		}
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ct, name, body string
		want           Format
	}{
		{"text/vtt; charset=utf-8", "", "", VTT},
		{"application/x-subrip", "", "", SRT},
		{"", "a.srt", "", SRT},
		{"application/octet-stream", "", "WEBVTT\n", VTT},
		{"", "", "1\n00:00:00,000 --> 00:00:01,000\nx", SRT},
		{"", "", `{"segments":[]}`, JSON},
		{"text/plain", "", "Hello.", Text},
		{"image/png", "", "\x89PNG", ""},
	}
	for _, tt := range tests {
		if got := Detect(tt.ct, tt.name, []byte(tt.body)); got != tt.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", tt.ct, tt.name, got, tt.want)
		}
	}
}

func TestWriteHTMLAndText(t *testing.T) {
	t.Parallel()
	cues, _ := Parse(VTT, []byte(sampleVTT))
	h := string(WriteHTML("Ep <1>", "en", cues))
	for _, s := range []string{"<title>Ep &lt;1&gt;</title>", `<time datetime="PT2.345S">0:02</time> <cite>Ben</cite>: Thanks &amp; good morning, everyone.`, "1:00:00"} {
		if !strings.Contains(h, s) {
			t.Errorf("HTML lacks %q:\n%s", s, h)
		}
	}
	if got := string(WriteText(cues)); !strings.HasPrefix(got, "Ana Lima: Welcome") {
		t.Errorf("text = %q", got)
	}
	plain, _ := Parse(Text, []byte("One.\n\nTwo."))
	if Timed(plain) || len(Formats(plain)) != 2 {
		t.Errorf("plain text should be untimed, served as html and txt")
	}
	if _, ok := Write(VTT, "", "", plain); ok {
		t.Error("untimed text written as VTT")
	}
}
