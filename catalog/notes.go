package catalog

import (
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// notesPolicy is what show notes may contain: the HTML podcast apps render
// (paragraphs, line breaks, lists, emphasis, links, quotes, code). Scripts,
// styles, event handlers and javascript: URLs never survive it; the text of a
// removed <script> or <style> is dropped, not shown.
var notesPolicy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "u", "s",
		"blockquote", "code", "pre", "h3", "h4")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	p.RequireNoFollowOnFullyQualifiedLinks(false)
	return p
}()

// SanitizeNotes returns html with only what notesPolicy allows, trimmed. The
// API sanitizes on write, so every reader (feeds, pages, players) can trust
// what the catalog holds.
func SanitizeNotes(html string) string {
	return strings.TrimSpace(notesPolicy.Sanitize(html))
}
