package feedsrv

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"

	"github.com/onair-fm/onair/web/httpx"
)

// A private feed is gzipped without compressing anything per request: each
// fixed segment of the template is compressed once, as deflate blocks that
// end on a byte boundary (a sync flush), and a request puts the
// subscriber's parts between them as stored (uncompressed) blocks, then
// the gzip trailer, whose CRC comes from the segments' CRCs (crc.go).
//
// The segments are compressed as one text, so the feed compresses about as
// well as in one piece, and their back-references reach into the text
// before them. That text differs per subscriber in its slots; the
// compressor sees bytes 0x01 there, which XML cannot hold, so no
// back-reference can reach into a slot (a match must equal the segment's
// own bytes), only around it, where the bytes are the same for everyone as
// long as the slots have the lengths the compressor saw: media signatures
// all have httpx.SigLen bytes, and the compressor starts afresh after the
// self link, whose length varies.

// gzTemplate is a privateTemplate's segments, compressed.
type gzTemplate struct {
	segs   [][]byte      // deflate blocks, non-final, byte-aligned
	crcs   []uint32      // CRC-32 of each segment's text
	shifts []*crcShifter // for each segment's length
	text   int           // the segments' text length
	size   int           // the segments' compressed length
}

// gzHeader starts every gzip member: deflate, no name, no time, unknown OS.
var gzHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}

// gzEnd is a final empty stored block: the end of the deflate stream.
var gzEnd = []byte{1, 0, 0, 0xff, 0xff}

const (
	gzLevel  = 6    // flate's default: a template is made on each change
	slotByte = 0x01 // what the compressor sees in the slots
)

// newGzTemplate compresses t's segments; nil if flate fails. One
// compressor runs over the whole text, slots included as slotByte, and is
// flushed (to a byte boundary) at each slot's start and end; what it makes
// of a slot is dropped. A fresh compressor, which remembers nothing, starts
// after the self link (whose length varies) and before a segment that holds
// slotByte itself.
func newGzTemplate(t *privateTemplate) *gzTemplate {
	g := &gzTemplate{}
	var out bytes.Buffer
	placeholder := bytes.Repeat([]byte{slotByte}, httpx.SigLen)
	type span struct{ from, to int }
	spans := make([]span, 0, len(t.segs))
	var zw *flate.Writer
	fresh := true
	for i, seg := range t.segs {
		if fresh || bytes.IndexByte(seg, slotByte) >= 0 {
			var err error
			if zw, err = flate.NewWriter(&out, gzLevel); err != nil {
				return nil
			}
		}
		from := out.Len()
		zw.Write(seg)
		if err := zw.Flush(); err != nil {
			return nil
		}
		spans = append(spans, span{from, out.Len()})
		g.crcs = append(g.crcs, crc32.ChecksumIEEE(seg))
		g.shifts = append(g.shifts, newCRCShifter(len(seg)))
		g.text += len(seg)
		fresh = i < len(t.slots) && t.slots[i].self
		if i < len(t.slots) && !fresh {
			zw.Write(placeholder)
			if err := zw.Flush(); err != nil {
				return nil
			}
		}
	}
	all := out.Bytes()
	for _, sp := range spans {
		g.segs = append(g.segs, all[sp.from:sp.to:sp.to])
		g.size += sp.to - sp.from
	}
	return g
}

// prefixShifter is the crcShifter of a signature's prefix (httpx.SigLen
// less the MAC), the same for every subscriber.
var prefixShifter = newCRCShifter(httpx.SigLen - httpx.MACLen)

// write appends one subscriber's feed, gzipped, to buf; ok is false when a
// signature's length is not the one the dictionaries assumed (a
// subscriber id of another length).
func (g *gzTemplate) write(buf []byte, t *privateTemplate, ss *httpx.SubscriberSigner, self string) (_ []byte, ok bool) {
	var prefix [2 * httpx.SigLen]byte
	pfx := ss.AppendPrefix(prefix[:0])
	if len(pfx)+httpx.MACLen != httpx.SigLen || len(self) > 0xffff {
		return buf, false
	}
	pfxCRC := crc32.ChecksumIEEE(pfx)
	buf = append(buf, gzHeader...)
	var crc uint32
	n := g.text
	for i, z := range g.segs {
		buf = append(buf, z...)
		crc = g.shifts[i].combine(crc, g.crcs[i])
		if i == len(t.slots) {
			break
		}
		// The slot, as a stored block.
		sl := &t.slots[i]
		size := httpx.SigLen
		if sl.self {
			size = len(self)
		}
		buf = append(buf, 0, byte(size), byte(size>>8), ^byte(size), ^byte(size>>8))
		if sl.self {
			buf = append(buf, self...)
			crc = crc32.Update(crc, crc32.IEEETable, buf[len(buf)-size:])
		} else {
			buf = append(buf, pfx...)
			crc = prefixShifter.combine(crc, pfxCRC)
			buf = ss.AppendMAC(buf, &sl.block)
			crc = crc32.Update(crc, crc32.IEEETable, buf[len(buf)-httpx.MACLen:])
		}
		n += size
	}
	buf = append(buf, gzEnd...)
	buf = binary.LittleEndian.AppendUint32(buf, crc)
	return binary.LittleEndian.AppendUint32(buf, uint32(n)), true
}
