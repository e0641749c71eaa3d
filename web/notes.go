package web

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
