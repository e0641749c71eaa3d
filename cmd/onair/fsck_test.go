package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/media"
)

// TestFsckCommand runs onair fsck over a data folder with one episode and
// one blob a crash left: the exit statuses, the report, and that repair
// removes the orphan and nothing a row refers to.
func TestFsckCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	data := t.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(data, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := media.NewLocal(filepath.Join(data, "media"))
	if err != nil {
		t.Fatal(err)
	}
	sh := &catalog.Show{Slug: "news", Title: "News", Language: "en"}
	noErr(t, st.CreateShow(ctx, sh))
	_, err = blobs.Put(ctx, "episodes/e/a.mp3", strings.NewReader("0123456789"))
	noErr(t, err)
	noErr(t, st.CreateEpisode(ctx, &catalog.Episode{ShowID: sh.ID, Title: "One", Status: catalog.StatusPublished,
		Type: catalog.EpisodeFull, PublishedAt: time.Now(), Audio: catalog.Audio{Key: "episodes/e/a.mp3", Size: 10}}))
	st.Close()
	_, err = blobs.Put(ctx, "episodes/x/crashed.mp3", strings.NewReader("left"))
	noErr(t, err)

	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a line the output must have
		stderr string
	}{
		{"young orphan is no problem", nil, 0, "orphan within the grace period, kept: episodes/x/crashed.mp3", ""},
		{"orphan found", []string{"--grace", "0"}, 1, "orphan: episodes/x/crashed.mp3 (4 bytes", ""},
		{"json", []string{"--grace", "0", "--json"}, 1, `"key": "episodes/x/crashed.mp3"`, ""},
		{"repair", []string{"--grace", "0", "--repair"}, 1, "orphan removed: episodes/x/crashed.mp3", ""},
		{"clean after repair", []string{"--grace", "0", "--repair"}, 0, "1 blobs, 1 references, 0 problems", ""},
		{"no such data", []string{"--data", filepath.Join(data, "nope")}, 2, "", "no onair data in"},
		{"negative grace", []string{"--grace", "-1s"}, 2, "", "--grace must not be negative"},
		{"bad storage", []string{"--storage", "gs://b"}, 2, "", `unsupported --storage "gs://b"`},
		{"bad flag", []string{"--fix"}, 2, "", "flag provided but not defined: -fix"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		err := fsckCmd(ctx, append([]string{"--data", data}, tt.args...), &out, &errOut)
		code := 0
		var ec errExit
		if errors.As(err, &ec) {
			code = int(ec)
		} else if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if code != tt.code || !strings.Contains(out.String(), tt.stdout) || !strings.Contains(errOut.String(), tt.stderr) {
			t.Errorf("%s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", tt.name, code, tt.code, out.String(), errOut.String())
		}
		if strings.Contains(strings.Join(tt.args, " "), "--json") {
			var rep struct {
				Problems int `json:"problems"`
			}
			if err := json.Unmarshal(out.Bytes(), &rep); err != nil || rep.Problems != 1 {
				t.Errorf("%s: JSON %v, problems %d", tt.name, err, rep.Problems)
			}
		}
	}
	if _, err := blobs.Stat(ctx, "episodes/e/a.mp3"); err != nil {
		t.Errorf("the episode's audio is gone: %v", err)
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
