package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/rand"
	"runtime"
	"testing"
	"time"
)

// mpegFrames is n frames with the header h (4 bytes) and size bytes each.
func mpegFrames(h [4]byte, size, n int) []byte {
	f := make([]byte, size)
	copy(f, h[:])
	return bytes.Repeat(f, n)
}

func box(typ string, payload ...[]byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(8+len(bytes.Join(payload, nil))))
	return append(append(b, typ...), bytes.Join(payload, nil)...)
}

func u32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

// id3Header is an ID3v2.3 header claiming size bytes.
func id3Header(size int) []byte {
	return []byte{'I', 'D', '3', 3, 0, 0, byte(size >> 21 & 0x7F), byte(size >> 14 & 0x7F), byte(size >> 7 & 0x7F), byte(size & 0x7F)}
}

var (
	// MPEG-1 Layer III 128 kbit/s 44.1 kHz stereo: 417-byte frames.
	mpeg1Header = [4]byte{0xFF, 0xFB, 0x90, 0x44}
	// MPEG-2.5 Layer III 8 kbit/s 8 kHz mono: 72-byte frames, the smallest.
	tinyHeader = [4]byte{0xFF, 0xE3, 0x18, 0xC4}
)

// TestProbeLyingFiles feeds files whose size fields lie, or that are built
// to cost time: each gets the right answer or a clear error, and probing
// allocates a bounded amount whatever the fields claim.
func TestProbeLyingFiles(t *testing.T) {
	cbr := mpegFrames(mpeg1Header, 417, 100) // 100 frames = 2.612 s
	cbrDur := 100 * 1152 * time.Second / 44100
	rnd := make([]byte, 1<<20)
	rand.New(rand.NewSource(1)).Read(rnd)
	xingLie := append([]byte(nil), cbr...)
	copy(xingLie[4+32:], "Xing\x00\x00\x00\x03\xFF\xFF\xFF\xF0\x00\x00\x10\x00")

	tests := []struct {
		name    string
		data    []byte
		wantErr error
		want    time.Duration
	}{
		{"ID3 tag larger than the file", append(id3Header(200<<20), cbr...), ErrCorrupt, 0},
		{"ID3 tag with a frame larger than the tag",
			append(append(id3Header(30), append([]byte("TIT2\x7F\xFF\xFF\xF0\x00\x00"), make([]byte, 20)...)...), cbr...), nil, cbrDur},
		{"ID3 tag and nothing after it", append(id3Header(100), make([]byte, 100)...), ErrTruncated, 0},
		{"Xing header claiming 4 billion frames", xingLie, nil, 99 * 1152 * time.Second / 44100},
		{"a hundred thousand tiny frames", mpegFrames(tinyHeader, 72, 100000), nil, 7200 * time.Second},
		{"frames with junk between them", append(append(cbr[:417*50:417*50], rnd[:5000]...), cbr[417*50:]...), nil, cbrDur},
		{"last frame cut", cbr[:len(cbr)-200], nil, 99 * 1152 * time.Second / 44100},
		{"random bytes", rnd, ErrNotAudio, 0},
		{"moov claiming 4 GB", append(box("ftyp", []byte("M4A \x00\x00\x00\x00")),
			append(u32(0xFFFFFFF0), append([]byte("moov"), make([]byte, 1000)...)...)...), ErrCorrupt, 0},
		{"moov with a 64-bit size of 2^62", append(box("ftyp", []byte("M4A ")),
			append(append(u32(1), "moov"...), append(binary.BigEndian.AppendUint64(nil, 1<<62), make([]byte, 500)...)...)...), ErrCorrupt, 0},
		{"a hundred thousand empty boxes", append(box("ftyp", []byte("M4A ")), bytes.Repeat(box("free"), 100000)...), ErrCorrupt, 0},
		{"audio track with an mdhd and no samples", append(box("ftyp", []byte("M4A ")),
			box("moov", box("trak", box("mdia", box("mdhd", make([]byte, 12), u32(0xFFFFFFFF), u32(0xFFFFFFFE)),
				box("hdlr", make([]byte, 8), []byte("soun")))))...), ErrCorrupt, 0},
		{"FLAC block of 16 MB in a small file", append([]byte("fLaC\x00\xFF\xFF\xFF"), make([]byte, 100)...), ErrTruncated, 0},
		{"Ogg page running past the end", append([]byte("OggS\x00\x02"), append(make([]byte, 20), 255, 255)...), ErrCorrupt, 0},
		{"WAV data chunk claiming 4 GB", wavFile(8000, 16000, 0xFFFFFFF0), nil, time.Second},
		{"WAV without a fmt chunk", []byte("RIFF\x00\x00\x00\x00WAVEdata\x04\x00\x00\x00abcd"), ErrCorrupt, 0},
		{"zero bytes", nil, ErrNotAudio, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			info, err := Probe(bytes.NewReader(tt.data), int64(len(tt.data)))
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(len(tt.data))+4<<20 {
				t.Errorf("allocated %d bytes for a %d-byte file", alloc, len(tt.data))
			}
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
				t.Logf("%v", err)
				return
			}
			if err != nil {
				t.Fatalf("Probe: %v", err)
			}
			if d := info.Duration - tt.want; d < -time.Millisecond || d > time.Millisecond {
				t.Errorf("duration %v, want %v", info.Duration, tt.want)
			}
		})
	}
}

// wavFile is a mono 16-bit WAV with n bytes of samples and a data chunk
// header that claims dataSize.
func wavFile(rate, n int, dataSize uint32) []byte {
	le := binary.LittleEndian
	fmtChunk := le.AppendUint16(le.AppendUint16(nil, 1), 1)
	fmtChunk = le.AppendUint32(le.AppendUint32(fmtChunk, uint32(rate)), uint32(rate*2))
	fmtChunk = le.AppendUint16(le.AppendUint16(fmtChunk, 2), 16)
	b := append([]byte("RIFF"), le.AppendUint32(nil, uint32(36+n))...)
	b = append(append(append(b, "WAVEfmt "...), le.AppendUint32(nil, 16)...), fmtChunk...)
	b = append(append(append(b, "data"...), le.AppendUint32(nil, dataSize)...), make([]byte, n)...)
	return b
}
