package media

import (
	"bytes"
	"slices"
	"testing"
)

// id3v24 is an ID3v2.4 tag holding text frames (id, UTF-8 text).
func id3v24(frames ...[2]string) []byte {
	var body []byte
	for _, f := range frames {
		data := append([]byte{3}, f[1]...) // encoding 3: UTF-8
		n := len(data)
		body = append(body, f[0]...)
		body = append(body, byte(n>>21&0x7F), byte(n>>14&0x7F), byte(n>>7&0x7F), byte(n&0x7F), 0, 0)
		body = append(body, data...)
	}
	n := len(body)
	h := []byte{'I', 'D', '3', 4, 0, 0, byte(n >> 21 & 0x7F), byte(n >> 14 & 0x7F), byte(n >> 7 & 0x7F), byte(n & 0x7F)}
	return append(h, body...)
}

// TestProbeTagText: tag text comes from whoever made the file, so bad text
// is cleaned (invalid bytes become U+FFFD, control characters go) with a
// warning naming the tag, never a refusal; clean text gets no warning.
func TestProbeTagText(t *testing.T) {
	audio := mpegFrames(mpeg1Header, 417, 20)
	tests := []struct {
		name    string
		frames  [][2]string
		title   string
		comment string
		want    []string
	}{
		{"clean", [][2]string{{"TIT2", "Ferry hours"}}, "Ferry hours", "", nil},
		{"invalid UTF-8 in the title", [][2]string{{"TIT2", "Ferry \xff\xfe hours"}}, "Ferry \uFFFD hours", "",
			[]string{"The title tag (TIT2) had invalid UTF-8; it was cleaned."}},
		{"control characters in the title", [][2]string{{"TIT2", "Ferry\x01 hours\x1b"}}, "Ferry hours", "",
			[]string{"The title tag (TIT2) had control characters; it was cleaned."}},
		{"both, and a comment with a C1 control that keeps its newline", [][2]string{
			{"TIT2", "a\x07\xc3"}, {"COMM", "eng\x00line one\nline\u0085 two"}}, "a\uFFFD", "line one\nline two",
			[]string{"The title tag (TIT2) had invalid UTF-8 and control characters; it was cleaned.",
				"The comment tag (COMM) had control characters; it was cleaned."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := append(id3v24(tc.frames...), audio...)
			info, err := Probe(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			if info.Tags.Title != tc.title || info.Tags.Comment != tc.comment {
				t.Errorf("title %q, comment %q; want %q, %q", info.Tags.Title, info.Tags.Comment, tc.title, tc.comment)
			}
			if !slices.Equal(info.Warnings, tc.want) {
				t.Errorf("warnings %q, want %q", info.Warnings, tc.want)
			}
		})
	}
}
