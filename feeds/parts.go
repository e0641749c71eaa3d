package feeds

import (
	"bytes"
	"encoding/xml"
	"fmt"

	"github.com/onair-fm/onair/catalog"
)

// A Format renders one kind of feed in parts: a Frame (the document around
// the items: the channel's head and the closing tags) and one fragment per
// item. An item's fragment depends only on its episode and the Links, so a
// server renders it once and keeps it; the frame is cheap. Assembling the
// frame with the fragments gives exactly the bytes of the whole document.
type Format struct {
	// Name is "rss", "atom" or "json", as in feed.rss.
	Name  string
	frame func(in *Input) (Frame, error)
	item  func(l Links, e *catalog.Episode) ([]byte, error)
}

// The formats a show's feeds come in.
var (
	FormatRSS  = &Format{Name: "rss", frame: rssFrame, item: rssItemFragment}
	FormatAtom = &Format{Name: "atom", frame: atomFrame, item: atomEntryFragment}
	FormatJSON = &Format{Name: "json", frame: jsonFrame, item: jsonItemFragment}
)

// Frame renders the document around in's items. in.Episodes are the items
// the document will hold, in order: the frame carries their dates (the
// feed's last change and newest publication), not their content.
func (f *Format) Frame(in Input) (Frame, error) {
	fr, err := f.frame(&in)
	if err != nil {
		return Frame{}, fmt.Errorf("feeds: %s frame: %w", f.Name, err)
	}
	return fr, nil
}

// Item renders one episode's item (RSS item, Atom entry, JSON Feed item)
// as it sits in the document, indentation included. Its bytes depend on e
// and on what l gives for e (episode, chapters and media URLs), nothing else.
func (f *Format) Item(l Links, e *catalog.Episode) ([]byte, error) {
	b, err := f.item(l, e)
	if err != nil {
		return nil, fmt.Errorf("feeds: %s item %s: %w", f.Name, e.ID, err)
	}
	return b, nil
}

// Render renders the whole document from its parts.
func (f *Format) Render(in Input) ([]byte, error) {
	fr, err := f.Frame(in)
	if err != nil {
		return nil, err
	}
	items := make([][]byte, len(in.Episodes))
	for i, e := range in.Episodes {
		if items[i], err = f.Item(in.Links, e); err != nil {
			return nil, err
		}
	}
	return fr.Append(nil, items), nil
}

// Frame is a document without its items. Head + item + Sep + item ... +
// Tail is the document; with no items it is Empty.
type Frame struct {
	Head, Sep, Tail, Empty []byte
}

// Parts lists the byte slices that make up the document with items, in
// order, without copying them (for net.Buffers or a hash).
func (fr Frame) Parts(items [][]byte) [][]byte {
	if len(items) == 0 {
		return [][]byte{fr.Empty}
	}
	parts := make([][]byte, 0, 2*len(items)+1)
	parts = append(parts, fr.Head)
	for i, it := range items {
		if i > 0 && len(fr.Sep) > 0 {
			parts = append(parts, fr.Sep)
		}
		parts = append(parts, it)
	}
	return append(parts, fr.Tail)
}

// Size is the length of the document with items.
func (fr Frame) Size(items [][]byte) int {
	if len(items) == 0 {
		return len(fr.Empty)
	}
	n := len(fr.Head) + len(fr.Tail) + (len(items)-1)*len(fr.Sep)
	for _, it := range items {
		n += len(it)
	}
	return n
}

// Append appends the document with items to dst, growing it once.
func (fr Frame) Append(dst []byte, items [][]byte) []byte {
	if need := fr.Size(items); cap(dst)-len(dst) < need {
		grown := make([]byte, len(dst), len(dst)+need)
		copy(grown, dst)
		dst = grown
	}
	for _, p := range fr.Parts(items) {
		dst = append(dst, p...)
	}
	return dst
}

// splitFrame makes a Frame from the document rendered with no items,
// whose bytes end in cut where the items would start.
func splitFrame(empty []byte, cut, sep, tail string) (Frame, error) {
	if !bytes.HasSuffix(empty, []byte(cut)) {
		return Frame{}, fmt.Errorf("feeds: the document does not end in %q", cut)
	}
	return Frame{Head: empty[:len(empty)-len(cut)], Sep: []byte(sep), Tail: []byte(tail), Empty: empty}, nil
}

// xmlFragment encodes v as element name, indented as it is inside the
// document: a newline, then prefix before every line.
func xmlFragment(v any, name, prefix string) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(2048)
	buf.WriteByte('\n')
	enc := xml.NewEncoder(&buf)
	enc.Indent(prefix, "  ")
	if err := enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
