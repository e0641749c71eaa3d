package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/site"
)

// TestAPIEpisodeMarkdownNotes: show notes sent as description_markdown
// become the HTML the dashboard's editor would make of them, and both are
// kept (the editor shows the Markdown); answers carry the Markdown while
// the notes have it; HTML sent as description drops it; both at once are
// refused and change nothing.
func TestAPIEpisodeMarkdownNotes(t *testing.T) { forBackends(t, testAPIEpisodeMarkdownNotes) }

func testAPIEpisodeMarkdownNotes(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("daily")
	const md = "Intro\n\n* a [link](https://a.example)\n* **b**"
	ep := e.uploadOK("daily", fixture(t, "mp3_cbr_id3v23_apic.mp3"), part{name: "description_markdown", value: md + "\n\n"})
	wantHTML, _, err := publish.MarkdownNotes(md)
	if err != nil {
		t.Fatal(err)
	}
	if ep.DescriptionMarkdown != md || ep.Description != wantHTML || !strings.Contains(ep.Description, "<strong>b</strong>") {
		t.Errorf("upload with description_markdown: description %q, markdown %q; want %q, %q", ep.Description, ep.DescriptionMarkdown, wantHTML, md)
	}
	path := "/api/v1/episodes/" + ep.ID
	// notes reads the episode as a client does and as the editor shows it.
	notes := func() (html string, markdown *string, editor string) {
		var raw map[string]json.RawMessage
		if st := e.json("GET", path, nil, &raw); st != http.StatusOK {
			t.Fatalf("GET %s: %d", path, st)
		}
		mustUnmarshal(t, raw["description"], &html)
		if m, ok := raw["description_markdown"]; ok {
			markdown = new(string)
			mustUnmarshal(t, m, markdown)
		}
		stored, err := e.store.GetEpisode(t.Context(), ep.ID)
		if err != nil {
			t.Fatal(err)
		}
		return html, markdown, site.EditorNotes(stored)
	}
	str := func(s string) *string { return &s }
	for _, tt := range []struct {
		name     string
		body     string
		status   int
		html     string
		markdown *string // nil: not in the answer
	}{
		{"Markdown, CRLF and script", `{"description_markdown": "Hello **world**\r\n\r\n<script>x()</script>\r\n"}`, 200,
			"<p>Hello <strong>world</strong></p>", str("Hello **world**\n\n<script>x()</script>")},
		{"other fields keep the notes", `{"title": "Renamed"}`, 200,
			"<p>Hello <strong>world</strong></p>", str("Hello **world**\n\n<script>x()</script>")},
		{"both at once", `{"description": "<p>html</p>", "description_markdown": "md"}`, 422,
			"<p>Hello <strong>world</strong></p>", str("Hello **world**\n\n<script>x()</script>")},
		{"HTML drops the Markdown", `{"description": "<p>as <em>HTML</em></p>"}`, 200, "<p>as <em>HTML</em></p>", nil},
		{"Markdown again", `{"description_markdown": "*old* new"}`, 200, "<p><em>old</em> new</p>", str("*old* new")},
		{"empty Markdown clears the notes", `{"description_markdown": "  \n"}`, 200, "", nil},
	} {
		st, b := e.do("PATCH", path, "application/json", strings.NewReader(tt.body))
		if tt.status != http.StatusOK {
			wantErr(t, st, b, tt.status, "invalid")
		} else if st != http.StatusOK {
			t.Fatalf("%s: PATCH: %d %s", tt.name, st, b)
		}
		html, markdown, editor := notes()
		wantEditor := tt.html
		if tt.markdown != nil {
			wantEditor = *tt.markdown
		}
		if html != tt.html || (markdown == nil) != (tt.markdown == nil) || markdown != nil && *markdown != *tt.markdown || editor != wantEditor {
			t.Errorf("%s: description %q, description_markdown %v, editor %q; want %q, %v, %q",
				tt.name, html, deref(markdown), editor, tt.html, deref(tt.markdown), wantEditor)
		}
	}

	st, b := e.upload("daily", part{name: "audio", file: fixture(t, "mp3_cbr_id3v23_apic.mp3")},
		part{name: "description", value: "<p>x</p>"}, part{name: "description_markdown", value: "x"})
	wantErr(t, st, b, http.StatusUnprocessableEntity, "invalid")
}

// deref shows a *string in a test message.
func deref(s *string) string {
	if s == nil {
		return "(absent)"
	}
	return `"` + *s + `"`
}
