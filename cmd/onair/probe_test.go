package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestProbeJSON(t *testing.T) {
	t.Parallel()
	td := filepath.Join("..", "..", "testdata")
	files := []string{
		filepath.Join(td, "mp3_cbr_id3v23_apic.mp3"),
		filepath.Join(td, "not_audio.png"),
		filepath.Join(td, "m4a_chapters.m4a"),
	}
	var out, errOut bytes.Buffer
	err := probeCmd(context.Background(), append([]string{"--json"}, files...), &out, &errOut)
	var code errExit
	if !errors.As(err, &code) || code != 1 {
		t.Fatalf("error %v, want exit status 1 (one file is not audio)", err)
	}
	var raw []map[string]any
	if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, out.String())
	}
	if len(raw) != len(files) {
		t.Fatalf("%d results for %d files", len(raw), len(files))
	}
	wantKeys := []string{"artwork", "bitrate", "bitrate_mode", "channels", "chapters", "codec", "container",
		"duration_ms", "error", "file", "mime", "ok", "sample_rate", "tags", "warnings"}
	for i, r := range raw {
		var keys []string
		for k := range r {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if !reflect.DeepEqual(keys, wantKeys) {
			t.Errorf("result %d fields %v, want %v", i, keys, wantKeys)
		}
		if r["file"] != files[i] {
			t.Errorf("result %d is for %v, want %s (in order)", i, r["file"], files[i])
		}
	}
	var got []probeResult
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	mp3, png, m4a := got[0], got[1], got[2]
	if !mp3.OK || mp3.Container != "mp3" || mp3.Codec != "mp3" || mp3.MIME != "audio/mpeg" ||
		mp3.DurationMS < 5056 || mp3.DurationMS > 5156 || mp3.Tags.Title != "Ferry Hours" || mp3.Tags.Track != 7 ||
		mp3.Artwork == nil || *mp3.Artwork != (probeArtwork{"image/jpeg", 320, 240}) || mp3.BitrateMode != "cbr" {
		t.Errorf("mp3 = %+v", mp3)
	}
	if png.OK || !strings.Contains(png.Error, "not audio: PNG image") || png.Chapters == nil {
		t.Errorf("png = %+v, want not ok with \"not audio: PNG image\"", png)
	}
	if raw[1]["artwork"] != nil || raw[1]["duration_ms"] != float64(0) {
		t.Errorf("png artwork %v duration %v, want null and 0", raw[1]["artwork"], raw[1]["duration_ms"])
	}
	wantCh := []probeChapter{{0, 4200, "Opening"}, {4200, 9100, "Middle part"}, {9100, 14000, "Sign-off"}}
	if !m4a.OK || m4a.Container != "mp4" || !reflect.DeepEqual(m4a.Chapters, wantCh) {
		t.Errorf("m4a = %+v, chapters want %+v", m4a, wantCh)
	}
}

func TestProbePlain(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	f := filepath.Join("..", "..", "testdata", "mp3_id3v24_chapters.mp3")
	if err := probeCmd(context.Background(), []string{f}, &out, &errOut); err != nil {
		t.Fatalf("probe: %v (%s)", err, errOut.String())
	}
	for _, want := range []string{"0:00:16.47", "mp3/mp3", "Chapters — Día", "chapter  0:00:09.000  Weather"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
