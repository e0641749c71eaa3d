package publish

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestRenderNotes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Hello **world**", "<p>Hello <strong>world</strong></p>"},
		{"- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"},
		{"[port](https://port.example/)", `<p><a href="https://port.example/" rel="nofollow">port</a></p>`},
		{"<p>kept <em>as is</em></p>", "<p>kept <em>as is</em></p>"},
		{"<script>alert(1)</script>hi", "hi"},
		{"[x](javascript:alert(1))", "<p>x</p>"},
		// Headings become the two levels notes keep, not run-in text.
		{"# Top\n\nBody", "<h3>Top</h3>\n<p>Body</p>"},
		{"## Guests\n### Links\n#### More\n###### Fine print", "<h3>Guests</h3>\n<h3>Links</h3>\n<h4>More</h4>\n<h4>Fine print</h4>"},
		{"Title\n=====", "<h3>Title</h3>"},
	} {
		got, err := renderNotes(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if strings.ReplaceAll(got, ` rel="nofollow"`, "") != strings.ReplaceAll(tc.want, ` rel="nofollow"`, "") {
			t.Errorf("renderNotes(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Saving stored notes again changes nothing.
	once, _ := renderNotes("Intro\n\n* a [link](https://a.example)\n* **b**")
	twice, _ := renderNotes(once)
	if once != twice {
		t.Errorf("notes change when saved again:\n%s\n%s", once, twice)
	}
}

// FuzzRenderNotes: whatever a publisher types, the stored notes carry no
// script, event handler or javascript: link, and saving them again is
// stable.
func FuzzRenderNotes(f *testing.F) {
	for _, s := range []string{"Hello **world**", "<a href=\"javascript:x\">x</a>", "<img src=x onerror=alert(1)>",
		"[a](https://a.example)\n\n- b", "<script>x</script>", "<<p>>", "`code` <style>x</style>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := renderNotes(in)
		if err != nil {
			return
		}
		nodes, err := html.ParseFragment(strings.NewReader(out), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				if !notesElements[n.Data] {
					t.Fatalf("renderNotes(%q) = %q has <%s>", in, out, n.Data)
				}
				for _, a := range n.Attr {
					u, err := url.Parse(a.Val)
					ok := a.Key == "rel" || (a.Key == "href" && n.Data == "a" && err == nil &&
						(u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "mailto"))
					if !ok {
						t.Fatalf("renderNotes(%q) = %q has %s=%q on <%s>", in, out, a.Key, a.Val, n.Data)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		for _, n := range nodes {
			walk(n)
		}
	})
}

// notesElements are the elements catalog.SanitizeNotes keeps.
var notesElements = map[string]bool{"p": true, "br": true, "ul": true, "ol": true, "li": true, "strong": true,
	"b": true, "em": true, "i": true, "u": true, "s": true, "blockquote": true, "code": true, "pre": true,
	"h3": true, "h4": true, "a": true}
