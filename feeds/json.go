package feeds

import (
	"bytes"
	"encoding/json"
	"time"

	gorilla "github.com/gorilla/feeds"

	"github.com/onair-fm/onair/catalog"
)

// AboutURL is what JSON Feed's "_onair" extension points to, as the spec
// asks of extensions.
const AboutURL = "https://github.com/onair-fm/onair"

// jsonDoc is gorilla's JSON Feed with our items.
type jsonDoc struct {
	*gorilla.JSONFeed
	Items []*jsonItem `json:"items"`
}

// jsonItem adds attachments with 64-bit sizes (gorilla's are int32, too
// small for a long video) and the related articles, as a JSON Feed
// extension.
type jsonItem struct {
	gorilla.JSONItem
	Attachments []jsonAttachment `json:"attachments,omitempty"`
	Onair       *jsonExtension   `json:"_onair,omitempty"`
}

type jsonAttachment struct {
	URL      string `json:"url"`
	MIMEType string `json:"mime_type"`
	Size     int64  `json:"size_in_bytes,omitempty"`
	Duration int64  `json:"duration_in_seconds,omitempty"`
}

type jsonExtension struct {
	About   string        `json:"about"`
	GUID    string        `json:"guid"`
	Related []jsonArticle `json:"related_articles,omitempty"`
	// Transcripts and Chapters link what podcast:transcript and
	// podcast:chapters link in RSS.
	Transcripts []transcriptLink `json:"transcripts,omitempty"`
	Chapters    string           `json:"chapters,omitempty"`
}

type jsonArticle struct {
	URL       string     `json:"url"`
	Title     string     `json:"title"`
	Summary   string     `json:"summary,omitempty"`
	Image     string     `json:"image,omitempty"`
	Published *time.Time `json:"date_published,omitempty"`
}

// JSON renders the show's JSON Feed 1.1.
func JSON(in Input) ([]byte, error) { return FormatJSON.Render(in) }

// jsonFrame renders the feed with an empty list of items.
func jsonFrame(in *Input) (Frame, error) {
	b, err := encodeJSON(jsonDocOf(in, false), "")
	if err != nil {
		return Frame{}, err
	}
	return splitFrame(b, "]\n}\n", ",", "\n  ]\n}\n")
}

// jsonItemFragment renders one item as it sits in the list, two levels
// deep, after a newline (the comma between items is the frame's).
func jsonItemFragment(l Links, e *catalog.Episode) ([]byte, error) {
	b, err := encodeJSON(jsonItemOf(l, e), "    ")
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(b)+4)
	out = append(out, "\n    "...)
	return append(out, b[:len(b)-1]...), nil // without the encoder's newline
}

// encodeJSON encodes v indented as the feed is, each line after the first
// starting with prefix.
func encodeJSON(v any, prefix string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// jsonDocOf is the whole document, with its items when items is set (an
// empty list otherwise).
func jsonDocOf(in *Input, items bool) *jsonDoc {
	sh := in.Show
	doc := &jsonDoc{JSONFeed: &gorilla.JSONFeed{
		Version:     "https://jsonfeed.org/version/1.1",
		Title:       clean(sh.Title),
		Language:    clean(sh.Language),
		HomePageUrl: clean(showLink(in)),
		FeedUrl:     in.Links.JSON,
		Description: clean(sh.Description),
		Icon:        in.showArtwork(),
		Expired:     boolPtr(sh.Complete),
		NextUrl:     in.pageLinks("json").Next,
	}}
	if name := showAuthor(sh); name != "" {
		doc.Authors = []*gorilla.JSONAuthor{{Name: name}}
	}
	if in.Links.Hub != "" {
		doc.Hubs = []*gorilla.JSONHub{{Type: "WebSub", Url: in.Links.Hub}}
	}
	doc.Items = []*jsonItem{}
	if items {
		doc.Items = make([]*jsonItem, len(in.Episodes))
		for i, e := range in.Episodes {
			doc.Items[i] = jsonItemOf(in.Links, e)
		}
	}
	return doc
}

func jsonItemOf(l Links, e *catalog.Episode) *jsonItem {
	notes := withChapterLines(l, e, notesHTML(e))
	published, modified := e.PublishedAt.UTC(), episodeChange(e)
	it := &jsonItem{
		JSONItem: gorilla.JSONItem{
			Id:            clean(e.GUID),
			Url:           l.episode(e),
			Title:         clean(e.Title),
			ContentHTML:   contentHTML(e, notes),
			Image:         l.media(e.ArtworkKey),
			PublishedDate: &published,
			ModifiedDate:  &modified,
		},
		Onair: &jsonExtension{About: AboutURL, GUID: clean(e.GUID)},
	}
	if it.ContentHTML == "" {
		// JSON Feed wants content_html or content_text in every item.
		it.ContentText = it.Title
	}
	if e.Audio.Key != "" {
		it.Attachments = []jsonAttachment{{
			URL:      l.enclosure(e),
			MIMEType: clean(e.Audio.MIME),
			Size:     e.Audio.Size,
			Duration: durationSeconds(e.Audio.Duration),
		}}
	}
	for i := range e.Articles {
		a := &e.Articles[i]
		u := webURL(a.URL)
		if u == "" {
			continue
		}
		ja := jsonArticle{URL: u, Title: articleTitle(a), Summary: clean(a.Summary), Image: webURL(a.ImageURL)}
		if !a.PublishedAt.IsZero() {
			t := a.PublishedAt.UTC()
			ja.Published = &t
		}
		it.Onair.Related = append(it.Onair.Related, ja)
	}
	it.Onair.Transcripts, it.Onair.Chapters = transcriptLinks(l, e), l.chapters(e)
	return it
}

func boolPtr(b bool) *bool {
	if !b {
		return nil
	}
	return &b
}
