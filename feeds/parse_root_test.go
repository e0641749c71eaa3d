package feeds

import (
	"strings"
	"testing"
)

// TestParseRSSRefusesOtherRoots checks that onair validate, given the Atom
// or JSON-less XML of something that is not RSS, says so, instead of
// checking it as an empty RSS feed ("the show has no title", ...).
func TestParseRSSRefusesOtherRoots(t *testing.T) {
	atom, err := Atom(fullInput())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ doc, want string }{
		{string(atom), "Atom"},
		{`<html><body>hi</body></html>`, "<html>"},
	}
	for _, tt := range tests {
		_, err := ParseRSS(strings.NewReader(tt.doc))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseRSS(%.30q): %v, want an error naming %s", tt.doc, err, tt.want)
		}
	}
	if _, err := ParseRSS(strings.NewReader(`<rss version="2.0"><channel><title>x</title></channel></rss>`)); err != nil {
		t.Errorf("plain RSS: %v", err)
	}
}
