package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/onair-fm/onair/catalog"
)

// controls is every C0 control character; XML 1.0 allows only tab, LF, CR.
var controls = func() string {
	var b strings.Builder
	for r := rune(0); r < 0x20; r++ {
		b.WriteRune(r)
	}
	return b.String()
}()

var nasty = []string{
	`Tom & Jerry <b>bold</b> "quoted" 'apos' &amp; &lt;`,
	"Emoji 🎙️👩🏽‍💻 and RTL مرحبا بالعالم \u202Eoverride\u202C שלום",
	"Controls [" + controls + "] end",
	"Invalid UTF-8 caf\xe9 \xff\xfe\x80 done",
	"CDATA end ]]> inside, and \uFFFE\uFFFF gone",
}

func nastyInput() Input {
	in := fullInput()
	sh := *in.Show
	sh.Title = strings.Join(nasty, " | ")
	sh.Description = nasty[0] + nasty[2]
	sh.Author = nasty[1]
	sh.Categories = []string{"Society & Culture/Documentary"}
	in.Show = &sh
	for i, s := range nasty {
		e := *in.Episodes[i%len(in.Episodes)]
		e.ID = "nasty" + string(rune('a'+i))
		e.GUID = "guid-" + string(rune('a'+i)) + "-&<>"
		e.Title = s
		e.Description = "<p>" + s + "</p>"
		e.Articles = append([]catalog.Article(nil), e.Articles...)
		if len(e.Articles) > 0 {
			e.Articles[0].Title = s
		}
		if i == 0 {
			in.Episodes = nil
		}
		in.Episodes = append(in.Episodes, &e)
	}
	return in
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain & <ok>", "plain & <ok>"},
		{"tab\tnl\ncr\r", "tab\tnl\ncr\r"},
		{"nul\x00bel\x07esc\x1b", "nulbelesc"},
		{"caf\xe9", "café"},
		{"\x80\x9f", ""},
		{"🎙️ مرحبا", "🎙️ مرحبا"},
		{"a\uFFFEb\uFFFFc", "abc"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscaping(t *testing.T) {
	in := nastyInput()
	for _, r := range renderers {
		t.Run(r.ext, func(t *testing.T) {
			b, err := r.render(in)
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.Valid(b) {
				t.Fatal("output is not UTF-8")
			}
			for _, c := range []byte(controls) {
				if c != '\t' && c != '\n' && c != '\r' && bytes.IndexByte(b, c) >= 0 {
					t.Fatalf("output holds control byte %#x", c)
				}
			}
			if r.ext == "json" {
				if !json.Valid(b) {
					t.Fatal("invalid JSON")
				}
			} else {
				wellFormed(t, b)
			}
			f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			if f.Title != clean(in.Show.Title) {
				t.Errorf("feed title = %q\nwant %q", f.Title, clean(in.Show.Title))
			}
			for i, it := range f.Items {
				e := in.Episodes[i]
				if it.Title != clean(e.Title) {
					t.Errorf("item %d title = %q\nwant %q", i, it.Title, clean(e.Title))
				}
				if it.GUID != clean(e.GUID) && r.ext != "atom" {
					t.Errorf("item %d guid = %q, want %q", i, it.GUID, clean(e.GUID))
				}
				// Show notes arrive sanitized and escaped exactly once.
				if want := catalog.SanitizeNotes(clean(e.Description)); !strings.HasPrefix(it.Content, want) {
					t.Errorf("item %d content = %q\nwant it to start with the notes %q", i, it.Content, want)
				}
			}
		})
	}
}

func TestNotesSanitized(t *testing.T) {
	in := fullInput()
	in.Episodes[0].Description = `<p onclick="steal()">Hi<script>alert(1)</script>` +
		`<a href="javascript:alert(2)">bad</a><img src=x onerror="alert(3)"><style>p{}</style></p>`
	in.Episodes[0].Articles[0].URL = "javascript:alert(4)"
	for _, r := range renderers {
		b, err := r.render(in)
		if err != nil {
			t.Fatal(err)
		}
		f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", r.ext, err)
		}
		c := f.Items[0].Content
		if r.ext != "rss" {
			// Atom related links and the JSON extension: search all of it.
			c = string(b)
		}
		for _, bad := range []string{"<script", "onclick", "onerror", "javascript:", "alert", "<style", "<img"} {
			if strings.Contains(c, bad) {
				t.Errorf("%s: content keeps %q: %s", r.ext, bad, c)
			}
		}
		if !strings.Contains(c, "Hi") || !strings.Contains(c, "bad") {
			t.Errorf("%s: content lost the text: %s", r.ext, c)
		}
	}
}

// wellFormed fails unless b is well-formed XML 1.0, read strictly.
func wellFormed(t *testing.T, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
	}
}
