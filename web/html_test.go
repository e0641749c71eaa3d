package web

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// doc is a parsed HTML page for tests that look at elements, not strings.
type doc struct{ root *html.Node }

func parseHTML(t *testing.T, body string) doc {
	t.Helper()
	n, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc{n}
}

func htmlAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// all returns the elements named tag whose attributes include every
// key=value pair in want ("" value: present with any value).
func (d doc) all(tag string, want ...string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			ok := true
			for i := 0; i+1 < len(want); i += 2 {
				v, has := htmlAttr(n, want[i])
				if !has || (want[i+1] != "" && v != want[i+1]) {
					ok = false
				}
			}
			if ok {
				out = append(out, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(d.root)
	return out
}

// meta returns the content of <meta property|name=key>, and whether there is
// exactly one.
func (d doc) meta(key string) (string, bool) {
	ms := append(d.all("meta", "property", key), d.all("meta", "name", key)...)
	if len(ms) != 1 {
		return "", false
	}
	v, _ := htmlAttr(ms[0], "content")
	return v, true
}

// link returns the href of the one <link rel=rel [type=typ]>.
func (d doc) link(rel, typ string) (string, bool) {
	want := []string{"rel", rel}
	if typ != "" {
		want = append(want, "type", typ)
	}
	ls := d.all("link", want...)
	if len(ls) != 1 {
		return "", false
	}
	v, _ := htmlAttr(ls[0], "href")
	return v, true
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func hasClass(n *html.Node, class string) bool {
	v, _ := htmlAttr(n, "class")
	for _, c := range strings.Fields(v) {
		if c == class {
			return true
		}
	}
	return false
}
