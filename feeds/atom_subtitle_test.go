package feeds

import (
	"encoding/xml"
	"testing"
)

// TestAtomSubtitleType checks that the show description, which is HTML,
// goes into atom:subtitle as an html text construct (RFC 4287 3.1): without
// type="html" readers show the escaped tags as text ("<p>Daily news").
func TestAtomSubtitleType(t *testing.T) {
	in := fullInput()
	in.Show.Description = "<p>Daily <b>news</b>.</p>"
	b, err := Atom(in)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Subtitle struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"subtitle"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Subtitle.Type != "html" || doc.Subtitle.Body != in.Show.Description {
		t.Errorf("subtitle type=%q %q, want type=\"html\" %q", doc.Subtitle.Type, doc.Subtitle.Body, in.Show.Description)
	}
}
