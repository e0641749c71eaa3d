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
}

type jsonArticle struct {
	URL       string     `json:"url"`
	Title     string     `json:"title"`
	Summary   string     `json:"summary,omitempty"`
	Image     string     `json:"image,omitempty"`
	Published *time.Time `json:"date_published,omitempty"`
}

// JSON renders the show's JSON Feed 1.1.
func JSON(in Input) ([]byte, error) {
	sh := in.Show
	doc := &jsonDoc{JSONFeed: &gorilla.JSONFeed{
		Version:     "https://jsonfeed.org/version/1.1",
		Title:       clean(sh.Title),
		Language:    clean(sh.Language),
		HomePageUrl: clean(showLink(&in)),
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
	doc.Items = make([]*jsonItem, len(in.Episodes))
	for i, e := range in.Episodes {
		doc.Items[i] = jsonItemOf(&in, e)
	}
	var buf bytes.Buffer
	buf.Grow(1024 + 2048*len(in.Episodes))
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func jsonItemOf(in *Input, e *catalog.Episode) *jsonItem {
	notes := notesHTML(e)
	published, modified := e.PublishedAt.UTC(), episodeChange(e)
	it := &jsonItem{
		JSONItem: gorilla.JSONItem{
			Id:            clean(e.GUID),
			Url:           in.Links.episode(e),
			Title:         clean(e.Title),
			ContentHTML:   contentHTML(e, notes),
			Image:         in.episodeArtwork(e),
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
			URL:      in.enclosure(e),
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
	return it
}

func boolPtr(b bool) *bool {
	if !b {
		return nil
	}
	return &b
}
