package uploads

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	expslog "golang.org/x/exp/slog"
)

func TestTusLog(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	l := expslog.New(tusLog{log: slog.New(slog.NewJSONHandler(&buf, nil))}).With("id", "u1")
	l.Info("RequestIncoming")
	l.Error("BodyReadError", "error", "unexpected EOF")
	l.Error("InternalServerError", "message", "disk full")
	var got []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		got = append(got, m)
	}
	if len(got) != 2 {
		t.Fatalf("got %d lines, want 2 (Info records dropped): %s", len(got), buf.String())
	}
	for i, want := range []struct{ msg, level string }{{"tus: BodyReadError", "INFO"}, {"tus: InternalServerError", "ERROR"}} {
		if got[i]["msg"] != want.msg || got[i]["level"] != want.level || got[i]["id"] != "u1" {
			t.Errorf("line %d = %v, want %s at %s with id", i, got[i], want.msg, want.level)
		}
	}
}
