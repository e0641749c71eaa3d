package feeds

import (
	"html/template"
	"strings"

	"github.com/onair-fm/onair/catalog"
)

// relatedTmpl appends the related articles to the show notes as a list of
// links. html/template escapes titles and refuses javascript: URLs.
var relatedTmpl = template.Must(template.New("related").Parse(
	`{{.Notes}}{{with .Articles}}<p>Related articles:</p><ul>` +
		`{{range .}}<li><a href="{{.URL}}">{{.Title}}</a></li>{{end}}</ul>{{end}}`))

type relatedLink struct{ URL, Title string }

// notesHTML is the episode's show notes as sanitized, XML-safe HTML.
func notesHTML(e *catalog.Episode) string {
	// The API sanitizes on write; sanitizing again here keeps feeds safe
	// from rows written by anything else (imports, older versions).
	return catalog.SanitizeNotes(clean(e.Description))
}

// contentHTML is the show notes followed by the related articles, for
// content:encoded, Atom content and JSON Feed content_html.
func contentHTML(e *catalog.Episode, notes string) string {
	if len(e.Articles) == 0 {
		return notes
	}
	links := make([]relatedLink, 0, len(e.Articles))
	for i := range e.Articles {
		a := &e.Articles[i]
		if u := webURL(a.URL); u != "" {
			links = append(links, relatedLink{URL: u, Title: articleTitle(a)})
		}
	}
	var b strings.Builder
	b.Grow(len(notes) + 128*len(links))
	// Executing a fixed template on strings cannot fail.
	_ = relatedTmpl.Execute(&b, struct {
		Notes    template.HTML
		Articles []relatedLink
	}{template.HTML(notes), links})
	return b.String()
}

// articleTitle is the article's title, or its URL when it has none.
func articleTitle(a *catalog.Article) string {
	if t := clean(strings.TrimSpace(a.Title)); t != "" {
		return t
	}
	return clean(a.URL)
}

// webURL is u, cleaned, when it is an http or https URL, and "" otherwise:
// a feed never links to javascript: or data: URLs.
func webURL(u string) string {
	u = clean(strings.TrimSpace(u))
	if len(u) > 8 && (strings.EqualFold(u[:7], "http://") || strings.EqualFold(u[:8], "https://")) {
		return u
	}
	return ""
}
