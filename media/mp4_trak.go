package media

import (
	"encoding/binary"
	"strings"
)

// parseTrak reads the parts of a trak box onair uses.
func parseTrak(b []byte, budget *int) mp4Track {
	t := mp4Track{mediaTime: -1}
	for _, c := range childBoxes(b, budget) {
		p := c.payload(b)
		switch c.typ {
		case "tkhd":
			if len(p) >= 24 {
				if p[0] == 1 {
					t.id = binary.BigEndian.Uint32(p[20:])
				} else {
					t.id = binary.BigEndian.Uint32(p[12:])
				}
			}
		case "edts":
			t.mediaTime, t.editDur = parseElst(findBox(p, "elst", budget))
		case "tref":
			if ch := findBox(p, "chap", budget); ch != nil {
				for i := 0; i+4 <= len(ch); i += 4 {
					t.chap = append(t.chap, binary.BigEndian.Uint32(ch[i:]))
				}
			}
		case "mdia":
			for _, m := range childBoxes(p, budget) {
				mp := m.payload(p)
				switch m.typ {
				case "mdhd":
					t.timescale, t.duration = mp4TimeBox(mp)
				case "hdlr":
					if len(mp) >= 12 {
						t.handler = string(mp[8:12])
					}
				case "minf":
					t.stbl = findBox(mp, "stbl", budget)
				}
			}
		}
	}
	if t.stbl != nil {
		t.codec, t.channels, t.sampleRate = parseStsd(findBox(t.stbl, "stsd", budget), budget)
		t.frameLen, t.lastLen = sttsEnds(findBox(t.stbl, "stts", budget))
	}
	if t.sampleRate == 0 && t.handler == "soun" {
		t.sampleRate = int(t.timescale)
	}
	return t
}

// sttsEnds returns the first and the last sample durations of stts.
func sttsEnds(b []byte) (first, last uint32) {
	if len(b) < 16 {
		return 0, 0
	}
	n := int(binary.BigEndian.Uint32(b[4:]))
	n = min(n, (len(b)-8)/8)
	if n == 0 {
		return 0, 0
	}
	return binary.BigEndian.Uint32(b[12:]), binary.BigEndian.Uint32(b[8+8*(n-1)+4:])
}

// parseElst returns the media time of the first non-empty edit and the
// total edit duration.
func parseElst(b []byte) (int64, uint64) {
	if len(b) < 8 {
		return -1, 0
	}
	v, n := b[0], binary.BigEndian.Uint32(b[4:])
	p, media := 8, int64(-1)
	var total uint64
	for i := uint32(0); i < n; i++ {
		var dur uint64
		var mt int64
		if v == 1 {
			if p+20 > len(b) {
				break
			}
			dur, mt = binary.BigEndian.Uint64(b[p:]), int64(binary.BigEndian.Uint64(b[p+8:]))
			p += 20
		} else {
			if p+12 > len(b) {
				break
			}
			dur, mt = uint64(binary.BigEndian.Uint32(b[p:])), int64(int32(binary.BigEndian.Uint32(b[p+4:])))
			p += 12
		}
		total += dur
		if mt >= 0 && media < 0 {
			media = mt
		}
	}
	return media, total
}

// parseStsd reads the first sample entry: codec, channels and sample rate.
func parseStsd(b []byte, budget *int) (codec string, channels, rate int) {
	if len(b) < 8 {
		return "", 0, 0
	}
	es := childBoxes(b[8:], budget)
	if len(es) == 0 {
		return "", 0, 0
	}
	e := es[0].payload(b[8:])
	codec = codecName(es[0].typ)
	if len(e) >= 28 {
		channels = int(binary.BigEndian.Uint16(e[16:]))
		rate = int(binary.BigEndian.Uint32(e[24:]) >> 16)
	}
	if es[0].typ == "mp4a" && len(e) > 28 {
		ext := e[28:]
		if binary.BigEndian.Uint16(e[8:]) == 1 && len(e) >= 44 { // QuickTime v1 sound description
			ext = e[44:]
		}
		if esds := findBox(ext, "esds", budget); esds != nil {
			ot, asc := esdsConfig(esds)
			if ot == 0x69 || ot == 0x6B {
				codec = "mp3"
			}
			if ch, r := ascChannels(asc); ch > 0 {
				channels = ch
				if r > 0 {
					rate = r
				}
			}
		}
	}
	return codec, channels, rate
}

func codecName(fourcc string) string {
	switch fourcc {
	case "mp4a":
		return "aac"
	case "alac":
		return "alac"
	case "ac-3":
		return "ac3"
	case "ec-3":
		return "eac3"
	case "Opus":
		return "opus"
	case "fLaC":
		return "flac"
	case ".mp3":
		return "mp3"
	}
	return strings.TrimSpace(strings.ToLower(fourcc))
}

// esdsConfig finds the DecoderConfigDescriptor's objectTypeIndication and
// the AudioSpecificConfig bytes.
func esdsConfig(b []byte) (ot byte, asc []byte) {
	if len(b) < 4 {
		return 0, nil
	}
	b = b[4:] // version, flags
	for len(b) > 2 {
		tagID := b[0]
		b = b[1:]
		n := 0
		for i := 0; i < 4 && len(b) > 0; i++ {
			c := b[0]
			b = b[1:]
			n = n<<7 | int(c&0x7F)
			if c&0x80 == 0 {
				break
			}
		}
		switch tagID {
		case 0x03: // ES_Descriptor: id(2) flags(1) [+ optional fields]
			if len(b) < 3 {
				return ot, nil
			}
			fl := b[2]
			b = b[3:]
			if fl&0x80 != 0 && len(b) >= 2 {
				b = b[2:]
			}
			if fl&0x40 != 0 && len(b) >= 1 {
				b = b[min(len(b), 1+int(b[0])):]
			}
			if fl&0x20 != 0 && len(b) >= 2 {
				b = b[2:]
			}
		case 0x04: // DecoderConfigDescriptor: 13 bytes, then DecoderSpecificInfo
			if len(b) < 13 {
				return ot, nil
			}
			ot, b = b[0], b[13:]
		case 0x05:
			return ot, b[:min(n, len(b))]
		default:
			if n > len(b) {
				return ot, nil
			}
			b = b[n:]
		}
	}
	return ot, nil
}

var aacRates = [...]int{96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350}

// ascChannels reads the channel count (and the sample rate, unless SBR may
// double it) from an AAC AudioSpecificConfig.
func ascChannels(asc []byte) (channels, rate int) {
	if len(asc) < 2 {
		return 0, 0
	}
	var bits uint64
	for i := 0; i < 8; i++ {
		bits <<= 8
		if i < len(asc) {
			bits |= uint64(asc[i])
		}
	}
	pos := 0
	take := func(n int) int {
		v := int(bits>>(64-pos-n)) & (1<<n - 1)
		pos += n
		return v
	}
	ot := take(5)
	if ot == 31 {
		ot = 32 + take(6)
	}
	if fi := take(4); fi == 15 {
		rate = take(24)
	} else if fi < len(aacRates) {
		rate = aacRates[fi]
	}
	cc := take(4)
	switch {
	case cc >= 1 && cc <= 6:
		channels = cc
	case cc == 7:
		channels = 8
	}
	if ot == 5 || ot == 29 {
		rate = 0
	}
	return channels, rate
}

// audioBytes sums the sample sizes in stsz (the coded audio bytes).
func audioBytes(stbl []byte, budget *int) int64 {
	b := findBox(stbl, "stsz", budget)
	if len(b) < 12 {
		return 0
	}
	size, n := binary.BigEndian.Uint32(b[4:]), int64(binary.BigEndian.Uint32(b[8:]))
	if size != 0 {
		return int64(size) * n
	}
	var sum int64
	for p := 12; p+4 <= len(b) && n > 0; p, n = p+4, n-1 {
		sum += int64(binary.BigEndian.Uint32(b[p:]))
	}
	return sum
}
