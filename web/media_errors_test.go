package web

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/onair-fm/onair/internal/testmedia"
)

// TestMediaErrorsAreJSON checks that the errors http.ServeContent answers
// for media (an unsatisfiable range, a failed precondition) come out as
// onair's JSON errors, with their headers kept, not as net/http's text.
func TestMediaErrorsAreJSON(t *testing.T) {
	t.Parallel()
	e := newMediaEnv(t)
	body := testmedia.RandomBytes(4096, 3)
	ep := e.episode("Errors", body)
	path := "/media/" + ep.Audio.Key
	tests := []struct {
		hdr    map[string]string
		status int
		code   string
		cr     string
	}{
		{map[string]string{"Range": "bytes=4096-"}, 416, "range_not_satisfiable", fmt.Sprintf("bytes */%d", len(body))},
		{map[string]string{"Range": "bytes=5-2"}, 416, "range_not_satisfiable", fmt.Sprintf("bytes */%d", len(body))},
		{map[string]string{"Range": "bytes=abc"}, 416, "range_not_satisfiable", fmt.Sprintf("bytes */%d", len(body))},
		{map[string]string{"Range": "bytes=0-99999999999999999999"}, 416, "range_not_satisfiable", fmt.Sprintf("bytes */%d", len(body))},
		{map[string]string{"If-Match": `"other"`}, 412, "precondition_failed", ""},
	}
	for _, tt := range tests {
		res, got := e.do("GET", path, tt.hdr)
		var v struct {
			Error struct{ Code, Message string }
		}
		if res.StatusCode != tt.status || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") ||
			json.Unmarshal(got, &v) != nil || v.Error.Code != tt.code || v.Error.Message == "" {
			t.Errorf("%v: %d %q %s; want %d JSON with code %s", tt.hdr, res.StatusCode, res.Header.Get("Content-Type"), got, tt.status, tt.code)
		}
		if cr := res.Header.Get("Content-Range"); cr != tt.cr {
			t.Errorf("%v: Content-Range %q, want %q", tt.hdr, cr, tt.cr)
		}
	}
}
