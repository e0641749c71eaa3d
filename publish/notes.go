package publish

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/onair-fm/onair/catalog"
)

var notesMarkdown = goldmark.New(
	goldmark.WithExtensions(extension.Linkify, extension.Strikethrough),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(headingLevels{}, 100))),
	// Raw HTML passes through to the sanitizer, so notes stored as HTML
	// come back unchanged when edited and saved again.
	goldmark.WithRendererOptions(ghtml.WithUnsafe()),
)

// headingLevels keeps Markdown headings within the levels show notes
// allow (h3 and h4, catalog.SanitizeNotes): "# Guests" would otherwise lose
// its tag to the sanitizer and run into the paragraph after it.
type headingLevels struct{}

func (headingLevels) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(max(h.Level, 3), 4)
		}
		return ast.WalkContinue, nil
	})
}

// renderNotes turns Markdown (or HTML) show notes into sanitized HTML.
func renderNotes(src string) (string, error) {
	var b bytes.Buffer
	if err := notesMarkdown.Convert([]byte(src), &b); err != nil {
		return "", fmt.Errorf("publish: render show notes: %w", err)
	}
	return catalog.SanitizeNotes(b.String()), nil
}

// MarkdownNotes is what show notes typed as Markdown (in the dashboard's
// editor, or sent as the API's description_markdown) are stored as: the
// source to keep, so editing again shows it (line ends as \n, trailing
// blanks cut, "" when blank), and the sanitized HTML that feeds and pages
// get.
func MarkdownNotes(typed string) (notes, src string, err error) {
	src = strings.TrimRight(strings.ReplaceAll(typed, "\r\n", "\n"), " \t\r\n")
	if strings.TrimSpace(src) == "" {
		src = ""
	}
	if notes, err = renderNotes(src); err != nil {
		return "", "", err
	}
	return notes, src, nil
}
