package site

import (
	"html/template"

	"github.com/onair-fm/onair/catalog"
)

// showNotesHTML renders stored show notes. They are sanitized when stored;
// running the same policy again on the way out means a row written by any
// other path still cannot put script into a page.
func showNotesHTML(s string) template.HTML {
	return template.HTML(catalog.SanitizeNotes(s))
}

// EditorNotes is what the editor shows of e's notes: what the publisher
// typed there (or sent as description_markdown), or the stored HTML when
// the notes came another way (the API's description, the file's tags, or
// before the source was kept).
func EditorNotes(e *catalog.Episode) string {
	if e.DescriptionSource != "" {
		return e.DescriptionSource
	}
	return e.Description
}
