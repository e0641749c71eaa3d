package api

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestBadJSONWords checks that a body of the wrong JSON type is explained
// without Go's type names ("must be web.showRequest, not array").
func TestBadJSONWords(t *testing.T) {
	t.Parallel()
	tests := []struct{ body, want string }{
		{`[]`, "malformed JSON: the body must be a JSON object, not array"},
		{`"x"`, "malformed JSON: the body must be a JSON object, not string"},
		{`{"season": "x"}`, "malformed JSON: season must be int, not string"},
	}
	for _, tt := range tests {
		var v struct {
			Season int `json:"season"`
		}
		err := badJSON(json.NewDecoder(strings.NewReader(tt.body)).Decode(&v))
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: %v, want %q", tt.body, err, tt.want)
		}
	}
}
