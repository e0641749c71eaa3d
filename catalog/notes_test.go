package catalog

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestSanitizeNotes(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Hello", "Hello"},
		{"paragraphs and emphasis", "<p>One <strong>two</strong> <em>three</em></p>", "<p>One <strong>two</strong> <em>three</em></p>"},
		{"lists", "<ul><li>a</li></ul><ol><li>b</li></ol>", "<ul><li>a</li></ul><ol><li>b</li></ol>"},
		{"link kept", `<a href="https://example.com/x">x</a>`, `<a href="https://example.com/x">x</a>`},
		{"script dropped with its text", `a<script>alert(1)</script>b`, "ab"},
		{"style dropped", `<style>p{}</style>x`, "x"},
		{"event handler", `<p onclick="alert(1)">x</p>`, "<p>x</p>"},
		{"javascript url", `<a href="javascript:alert(1)">x</a>`, "x"},
		{"iframe", `<iframe src="https://evil.example"></iframe>y`, "y"},
		{"img dropped", `<img src=x onerror=alert(1)>z`, "z"},
		{"trimmed", "  <p>x</p>\n", "<p>x</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SanitizeNotes(tt.in); got != tt.want {
				t.Errorf("SanitizeNotes(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzSanitizeNotes(f *testing.F) {
	f.Add(`<a href="javascript:x">y</a><script>z</script>`)
	f.Add(`<p onmouseover="x">`)
	f.Add(`<a href=" JaVaScRiPt:alert(1)">x</a>`)
	allowed := map[string]bool{"p": true, "br": true, "ul": true, "ol": true, "li": true, "strong": true,
		"b": true, "em": true, "i": true, "u": true, "s": true, "blockquote": true, "code": true,
		"pre": true, "h3": true, "h4": true, "a": true, "html": true, "head": true, "body": true}
	f.Fuzz(func(t *testing.T, in string) {
		out := SanitizeNotes(in)
		doc, err := html.Parse(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				if !allowed[n.Data] {
					t.Fatalf("SanitizeNotes(%q) = %q: element <%s> survived", in, out, n.Data)
				}
				for _, a := range n.Attr {
					if a.Key != "href" || n.Data != "a" {
						t.Fatalf("SanitizeNotes(%q) = %q: attribute %s on <%s>", in, out, a.Key, n.Data)
					}
					u, err := url.Parse(a.Val)
					if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") {
						t.Fatalf("SanitizeNotes(%q) = %q: href %q", in, out, a.Val)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	})
}
