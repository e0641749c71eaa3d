package media

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"
)

// id3v2 builds a tag: version, flags, body (frames, already encoded).
func id3v2(ver, flags byte, body []byte) []byte {
	n := len(body)
	h := []byte{'I', 'D', '3', ver, 0, flags, byte(n >> 21 & 0x7F), byte(n >> 14 & 0x7F), byte(n >> 7 & 0x7F), byte(n & 0x7F)}
	return append(h, body...)
}

// frame23 is an ID3v2.3 frame (plain 32-bit size).
func frame23(id string, data []byte) []byte {
	return append(append(append([]byte(id), u32(uint32(len(data)))...), 0, 0), data...)
}

// frame24 is an ID3v2.4 frame (syncsafe size).
func frame24(id string, data []byte) []byte {
	n := len(data)
	return append(append([]byte(id), byte(n>>21&0x7F), byte(n>>14&0x7F), byte(n>>7&0x7F), byte(n&0x7F), 0, 0), data...)
}

func chap(frame func(string, []byte) []byte, id string, start, end uint32, title []byte) []byte {
	d := append([]byte(id), 0)
	d = binary.BigEndian.AppendUint32(d, start)
	d = binary.BigEndian.AppendUint32(d, end)
	d = append(d, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)
	return frame("CHAP", append(d, frame("TIT2", title)...))
}

func TestID3Chapters(t *testing.T) {
	utf16 := []byte{1, 0xFF, 0xFE, 'O', 0, 'n', 0, 'e', 0} // "One", UTF-16 with BOM
	v23 := append(chap(frame23, "b", 5000, 9000, []byte("\x00Two")), chap(frame23, "a", 0, 5000, utf16)...)
	ext := append(u32(6), make([]byte, 6)...) // v2.3 extended header: size, then 6 bytes
	// Unsynchronisation: every 0xFF is followed by a 0x00 in the stored tag.
	unsynced := bytes.ReplaceAll(v23, []byte{0xFF}, []byte{0xFF, 0x00})
	tests := []struct {
		name string
		tag  []byte
		want []Chapter
	}{
		{"v2.3", id3v2(3, 0, v23), []Chapter{{5 * time.Second, 9 * time.Second, "Two"}, {0, 5 * time.Second, "One"}}},
		{"v2.3 extended header", id3v2(3, 0x40, append(ext, v23...)), []Chapter{{5 * time.Second, 9 * time.Second, "Two"}, {0, 5 * time.Second, "One"}}},
		{"v2.3 unsynchronised", id3v2(3, 0x80, unsynced), []Chapter{{5 * time.Second, 9 * time.Second, "Two"}, {0, 5 * time.Second, "One"}}},
		{"v2.4 syncsafe, UTF-8, padding", id3v2(4, 0, append(chap(frame24, "c", 1000, 0, append([]byte{3}, "Día "+string(make([]byte, 200))...)), make([]byte, 64)...)),
			[]Chapter{{time.Second, 0, "Día"}}},
		{"frame size past the tag", id3v2(3, 0, append(v23, []byte("CHAP\x7F\x00\x00\x00\x00\x00abc")...)), []Chapter{{5 * time.Second, 9 * time.Second, "Two"}, {0, 5 * time.Second, "One"}}},
		{"v2.2 has no chapters", id3v2(2, 0, []byte("TT2\x00\x00\x04\x00abc")), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := id3Chapters(tt.tag)
			if len(got) != len(tt.want) {
				t.Fatalf("chapters %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("chapter %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSkipID3v2(t *testing.T) {
	audio := mpegFrames(mpeg1Header, 417, 10)
	withFooter := id3v2(4, 0x10, make([]byte, 20))
	footer := append([]byte("3DI"), withFooter[3:10]...)
	tests := []struct {
		name string
		data []byte
		want int64
	}{
		{"no tag", audio, 0},
		{"v2.3 with padding", append(id3v2(3, 0, make([]byte, 100)), audio...), 110},
		{"v2.4 with footer", append(append(withFooter, footer...), audio...), 40},
		{"two tags back to back", append(append(id3v2(3, 0, make([]byte, 10)), id3v2(4, 0, make([]byte, 30))...), audio...), 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := Probe(bytes.NewReader(tt.data), int64(len(tt.data)))
			if err != nil {
				t.Fatal(err)
			}
			if info.HeaderBytes != tt.want {
				t.Errorf("first frame at %d, want %d", info.HeaderBytes, tt.want)
			}
			if want := 10 * 1152 * time.Second / 44100; info.Duration != want {
				t.Errorf("duration %v, want %v", info.Duration, want)
			}
		})
	}
}

// TestMP3Tails checks that tags after the audio are not counted as audio,
// and are read. The stream starts with an Info frame, so the audio bytes
// (and the bitrate) run to where onair thinks the audio ends.
func TestMP3Tails(t *testing.T) {
	audio := mpegFrames(mpeg1Header, 417, 10)
	copy(audio[4+32:], append([]byte("Info\x00\x00\x00\x03"), append(u32(9), u32(10*417)...)...))
	dur := 9 * 1152 * time.Second / 44100
	v1 := make([]byte, 128)
	copy(v1, "TAG")
	copy(v1[3:], "V1 title")
	v1[127] = 12
	lyrics3v1 := []byte("LYRICSBEGIN[00:01]la la laLYRICSEND")
	lyrics3v2 := append([]byte("LYRICSBEGININD0000210"), []byte("000021LYRICS200")...)
	ape := append(append([]byte("APETAGEX"), binary.LittleEndian.AppendUint32(nil, 2000)...),
		binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, 32+14+6), 1), 0)...)
	ape = append(ape, make([]byte, 8)...)
	apeItem := append(append(binary.LittleEndian.AppendUint32(nil, 6), 0, 0, 0, 0), "Title\x00Ape ti"...)
	apeTag := append(apeItem, ape...)
	for _, tt := range []struct {
		name, title string
		tail        []byte
	}{
		{"ID3v1", "V1 title", v1},
		{"Lyrics3 v1 + ID3v1", "V1 title", append(lyrics3v1, v1...)},
		{"Lyrics3 v2 + ID3v1", "V1 title", append(lyrics3v2, v1...)},
		{"APEv2", "Ape ti", apeTag},
		{"APEv2 + ID3v1", "V1 title", append(apeTag, v1...)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := append(append([]byte(nil), audio...), tt.tail...)
			info, err := Probe(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if info.Duration != dur {
				t.Errorf("duration %v, want %v", info.Duration, dur)
			}
			if info.Tags.Title != tt.title {
				t.Errorf("title %q, want %q", info.Tags.Title, tt.title)
			}
			if want := bitrate(9*417, dur); info.Bitrate != want {
				t.Errorf("bitrate %d, want %d", info.Bitrate, want)
			}
		})
	}
}

func TestNeroChapters(t *testing.T) {
	b := []byte{1, 0, 0, 0, 0, 0, 0, 0, 2}
	b = append(binary.BigEndian.AppendUint64(b, 0), 5)
	b = append(b, "Intro"...)
	b = append(binary.BigEndian.AppendUint64(b, 324000000), 4)
	b = append(b, "Next"...)
	got := neroChapters(b)
	want := []Chapter{{0, 0, "Intro"}, {32400 * time.Millisecond, 0, "Next"}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("chapters %+v, want %+v", got, want)
	}
	if got := neroChapters(b[:9+9+5+3]); len(got) != 1 {
		t.Errorf("cut box: %+v, want the one whole chapter", got)
	}
}
