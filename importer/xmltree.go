package importer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Caps on a feed's XML. Entity expansion cannot happen at all:
// encoding/xml reads no DTD, so a "billion laughs" feed is only a few
// unknown entities, kept as text.
const (
	// MaxFeedBytes is the largest feed an import reads (a 25,000-episode
	// feed with long notes is well under it).
	MaxFeedBytes = 64 << 20
	maxDepth     = 64
	maxNodes     = 2_000_000
)

// ErrNotFeed is a document that is not a podcast feed; the message says
// what it is instead.
var ErrNotFeed = errors.New("importer: not a podcast feed")

// node is one XML element: its namespace, name, attributes, text and
// children. The whole document is a tree of them, bounded by the caps
// above.
type node struct {
	space, local string
	attrs        []xml.Attr
	text         string
	kids         []*node
}

// parseTree reads an XML document into nodes, tolerating what real feeds
// get wrong (blank lines before the declaration, HTML entities, undeclared
// prefixes, Latin-1) and refusing what would cost too much (depth, node
// count; size is the caller's cap).
func parseTree(data []byte) (*node, error) {
	data = bytes.TrimLeft(data, " \t\r\n\ufeff")
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charsetReader
	var stack []*node
	var root *node
	var text strings.Builder
	count := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if root != nil && len(stack) == 0 {
				break // junk after the root element
			}
			return nil, fmt.Errorf("importer: the feed is not well-formed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			if count > maxNodes {
				return nil, fmt.Errorf("%w: more than %d XML elements", ErrTooLarge, maxNodes)
			}
			if len(stack) >= maxDepth {
				return nil, fmt.Errorf("importer: the feed nests elements deeper than %d levels", maxDepth)
			}
			n := &node{space: t.Name.Space, local: t.Name.Local, attrs: t.Attr}
			if len(stack) == 0 {
				if root != nil {
					return nil, fmt.Errorf("importer: the feed has more than one root element")
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
			text.Reset()
		case xml.CharData:
			if len(stack) > 0 {
				text.Write(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			n := stack[len(stack)-1]
			if len(n.kids) == 0 {
				n.text = strings.TrimSpace(cleanText(text.String()))
			}
			text.Reset()
			stack = stack[:len(stack)-1]
		}
	}
	if root == nil {
		return nil, fmt.Errorf("%w: the document holds no XML element", ErrNotFeed)
	}
	return root, nil
}

// cleanText makes s valid UTF-8 without the control characters XML 1.0
// and feeds cannot carry.
func cleanText(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, badRune) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if badRune(r) {
			return -1
		}
		return r
	}, s)
}

func badRune(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF
}

// charsetReader decodes the 8-bit charsets old feeds declare; Windows-1252
// is read as Latin-1 but for its printable 0x80-0x9F.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252":
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		var sb strings.Builder
		sb.Grow(len(b) * 2)
		for _, c := range b {
			if c >= 0x80 && c <= 0x9f {
				if r, ok := cp1252[c]; ok {
					sb.WriteRune(r)
					continue
				}
			}
			sb.WriteRune(rune(c))
		}
		return strings.NewReader(sb.String()), nil
	}
	return nil, fmt.Errorf("importer: the feed's charset %q is not supported (UTF-8, ISO-8859-1 and Windows-1252 are)", label)
}

var cp1252 = map[byte]rune{0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—', 0x99: '™'}

// Namespace families: feeds declare the same vocabulary under several
// URIs (Apple's old capitalised one, the Podcasting 2.0 GitHub URI), or
// use a prefix they never declared.
const (
	nsNone = iota
	nsItunes
	nsPodcast
	nsContent
	nsAtom
	nsOther
)

func family(space string) int {
	s := strings.ToLower(space)
	switch {
	case s == "":
		return nsNone
	case strings.Contains(s, "itunes.com/dtds") || s == "itunes":
		return nsItunes
	case strings.Contains(s, "podcastindex.org/namespace") || strings.Contains(s, "podcast-namespace") || s == "podcast":
		return nsPodcast
	case strings.Contains(s, "purl.org/rss/1.0/modules/content") || s == "content":
		return nsContent
	case strings.Contains(s, "www.w3.org/2005/atom") || s == "atom":
		return nsAtom
	}
	return nsOther
}

// is reports whether n is the element ns:local.
func (n *node) is(ns int, local string) bool {
	return n != nil && n.local == local && family(n.space) == ns
}

// child is n's first child ns:local, or nil.
func (n *node) child(ns int, local string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.is(ns, local) {
			return k
		}
	}
	return nil
}

// children are n's children ns:local.
func (n *node) children(ns int, local string) []*node {
	var out []*node
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.is(ns, local) {
			out = append(out, k)
		}
	}
	return out
}

// textOf is the text of n's first child ns:local, "" without one.
func (n *node) textOf(ns int, local string) string {
	if c := n.child(ns, local); c != nil {
		return c.text
	}
	return ""
}

// attr is n's attribute name (any namespace), "" when absent.
func (n *node) attr(name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return strings.TrimSpace(cleanText(a.Value))
		}
	}
	return ""
}
