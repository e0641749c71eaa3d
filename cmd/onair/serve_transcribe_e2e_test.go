package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeTranscribe: onair serve --transcribe-cmd runs the program on
// each new audio file (here the demo's), with the file's path as its last
// argument, and serves what it prints as the episode's transcript in the
// feed and in every format; serve stops with nothing left running.
func TestServeTranscribe(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	script := filepath.Join(dir, "stt")
	// Prints the name of the file it got, as a WebVTT cue.
	noErrT(t, os.WriteFile(script, []byte(`#!/bin/sh
[ "$1" = --flag ] || exit 2
for f; do :; done
[ -s "$f" ] || exit 3
printf 'WEBVTT\n\n00:00:00.000 --> 00:00:00.900\n<v Robot>Heard %s\n' "$(basename "$f" | cut -c1-7)"
`), 0o755))
	s := startServe(t, serveHooks{}, "--demo", "--transcribe-cmd", script+" --flag", "--transcribe-jobs", "2")
	var rss string
	for deadline := time.Now().Add(30 * time.Second); ; {
		rss = getBody(t, s.url+"/shows/demo/feed.rss")
		if strings.Count(rss, `rel="captions"`) == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the demo's three episodes did not all get a transcript:\n%s\n%s", rss, s.log)
		}
		time.Sleep(100 * time.Millisecond)
	}
	m := regexp.MustCompile(`<podcast:transcript url="([^"]+\.vtt)"`).FindStringSubmatch(rss)
	if m == nil {
		t.Fatal("no VTT transcript URL in the feed")
	}
	vtt := getBody(t, m[1])
	if !strings.Contains(vtt, "<v Robot>Heard onair-t") {
		t.Errorf("served transcript:\n%s", vtt)
	}
	if srt := getBody(t, strings.TrimSuffix(m[1], ".vtt")+".srt"); !strings.Contains(srt, "Robot: Heard") {
		t.Errorf("served SRT:\n%s", srt)
	}
	if err := s.shutdown(t); err != nil {
		t.Fatal(err)
	}
	if left := s.leftGoroutines(5 * time.Second); left != "" {
		t.Errorf("goroutines left after serve returned:\n%s", left)
	}
}

func getBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func noErrT(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
