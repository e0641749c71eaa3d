package feeds

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	gojson "github.com/mmcdole/gofeed/json"
	"golang.org/x/net/html"

	"github.com/onair-fm/onair/catalog"
)

// want is what a parser must read back for one episode.
type want struct {
	title, guid, url, mime string
	size, seconds          int64
	related                []string // article URLs, in order
	relatedTitles          []string
}

func wantOf(in Input, e *catalog.Episode) want {
	w := want{title: clean(e.Title), guid: clean(e.GUID), url: in.Links.media(e.Audio.Key),
		mime: e.Audio.MIME, size: e.Audio.Size, seconds: durationSeconds(e.Audio.Duration)}
	for i := range e.Articles {
		w.related = append(w.related, clean(e.Articles[i].URL))
		w.relatedTitles = append(w.relatedTitles, articleTitle(&e.Articles[i]))
	}
	return w
}

func roundTripInputs() map[string]Input {
	return map[string]Input{"full": fullInput(), "minimal": minimalInput(), "many": manyInput(30), "nasty": nastyInput()}
}

func TestRoundTripRSS(t *testing.T) {
	for name, in := range roundTripInputs() {
		t.Run(name, func(t *testing.T) {
			b, err := RSS(in)
			if err != nil {
				t.Fatal(err)
			}
			f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			if f.Title != clean(in.Show.Title) {
				t.Errorf("title = %q, want %q", f.Title, clean(in.Show.Title))
			}
			if len(f.Items) != len(in.Episodes) {
				t.Fatalf("%d items, want %d", len(f.Items), len(in.Episodes))
			}
			for i, it := range f.Items {
				w := wantOf(in, in.Episodes[i])
				if it.Title != w.title || it.GUID != w.guid {
					t.Errorf("item %d: title, guid = %q, %q; want %q, %q", i, it.Title, it.GUID, w.title, w.guid)
				}
				if len(it.Enclosures) != 1 || it.Enclosures[0].URL != w.url || it.Enclosures[0].Type != w.mime ||
					it.Enclosures[0].Length != strconv.FormatInt(w.size, 10) {
					t.Errorf("item %d: enclosures = %+v, want %s %s %d", i, it.Enclosures, w.url, w.mime, w.size)
				}
				if it.ITunesExt == nil || it.ITunesExt.Duration != strconv.FormatInt(w.seconds, 10) {
					t.Errorf("item %d: itunes duration = %+v, want %d", i, it.ITunesExt, w.seconds)
				}
				if got := relatedInHTML(t, it.Content); !slices.Equal(got, w.related) {
					t.Errorf("item %d: related links in content:encoded = %q, want %q", i, got, w.related)
				}
			}
		})
	}
}

func TestRoundTripAtom(t *testing.T) {
	for name, in := range roundTripInputs() {
		t.Run(name, func(t *testing.T) {
			b, err := Atom(in)
			if err != nil {
				t.Fatal(err)
			}
			f, err := (&atom.Parser{}).Parse(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("gofeed atom: %v", err)
			}
			if len(f.Entries) != len(in.Episodes) {
				t.Fatalf("%d entries, want %d", len(f.Entries), len(in.Episodes))
			}
			for i, en := range f.Entries {
				e := in.Episodes[i]
				w := wantOf(in, e)
				if en.Title != w.title || en.ID != entryID(e.GUID) || strings.HasPrefix(en.ID, "http") {
					t.Errorf("entry %d: title, id = %q, %q; want %q, %q", i, en.Title, en.ID, w.title, entryID(e.GUID))
				}
				var related, titles []string
				var enclosures, alternates int
				for _, l := range en.Links {
					switch l.Rel {
					case "related":
						related, titles = append(related, l.Href), append(titles, l.Title)
					case "alternate":
						alternates++
						if l.Href != in.Links.Episode(e) {
							t.Errorf("entry %d: alternate = %s", i, l.Href)
						}
					case "enclosure":
						enclosures++
						if l.Href != w.url || l.Type != w.mime || l.Length != strconv.FormatInt(w.size, 10) {
							t.Errorf("entry %d: enclosure = %+v, want %s %s %d", i, l, w.url, w.mime, w.size)
						}
					}
				}
				if enclosures != 1 || alternates != 1 {
					t.Errorf("entry %d: %d enclosures, %d alternates; want 1 and 1", i, enclosures, alternates)
				}
				if !slices.Equal(related, w.related) || !slices.Equal(titles, w.relatedTitles) {
					t.Errorf("entry %d: related = %q %q, want %q %q", i, related, titles, w.related, w.relatedTitles)
				}
			}
		})
	}
}

func TestRoundTripJSON(t *testing.T) {
	for name, in := range roundTripInputs() {
		t.Run(name, func(t *testing.T) {
			b, err := JSON(in)
			if err != nil {
				t.Fatal(err)
			}
			f, err := (&gojson.Parser{}).Parse(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("gofeed json: %v", err)
			}
			var ext struct {
				Items []struct {
					Onair struct {
						GUID    string `json:"guid"`
						Related []struct {
							URL   string `json:"url"`
							Title string `json:"title"`
						} `json:"related_articles"`
					} `json:"_onair"`
				}
			}
			if err := json.Unmarshal(b, &ext); err != nil {
				t.Fatal(err)
			}
			if len(f.Items) != len(in.Episodes) || len(ext.Items) != len(in.Episodes) {
				t.Fatalf("%d items, want %d", len(f.Items), len(in.Episodes))
			}
			for i, it := range f.Items {
				w := wantOf(in, in.Episodes[i])
				if it.Title != w.title || it.ID != w.guid || ext.Items[i].Onair.GUID != w.guid {
					t.Errorf("item %d: title, id = %q, %q; want %q, %q", i, it.Title, it.ID, w.title, w.guid)
				}
				if it.Attachments == nil || len(*it.Attachments) != 1 {
					t.Fatalf("item %d: attachments = %v", i, it.Attachments)
				}
				a := (*it.Attachments)[0]
				if a.URL != w.url || a.MimeType != w.mime || a.SizeInBytes != w.size || a.DurationInSeconds != w.seconds {
					t.Errorf("item %d: attachment = %+v, want %+v", i, a, w)
				}
				var related, titles []string
				for _, r := range ext.Items[i].Onair.Related {
					related, titles = append(related, r.URL), append(titles, r.Title)
				}
				if !slices.Equal(related, w.related) || !slices.Equal(titles, w.relatedTitles) {
					t.Errorf("item %d: related = %q %q, want %q %q", i, related, titles, w.related, w.relatedTitles)
				}
				if got := relatedInHTML(t, it.ContentHTML); !slices.Equal(got, w.related) {
					t.Errorf("item %d: related links in content_html = %q, want %q", i, got, w.related)
				}
			}
		})
	}
}

// relatedInHTML parses the HTML and returns the hrefs of the links in the
// list that follows the "Related articles:" paragraph.
func relatedInHTML(t *testing.T, s string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatalf("content is not HTML: %v", err)
	}
	var out []string
	var inRelated bool
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode && n.Data == "Related articles:" {
			inRelated = true
		}
		if inRelated && n.Type == html.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				if a.Key == "href" {
					out = append(out, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}
