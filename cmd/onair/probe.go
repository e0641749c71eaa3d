package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/onair-fm/onair/media"
)

// probeResult is one file in `onair probe --json` output; the field names are
// a public contract (issue 3).
type probeResult struct {
	File        string         `json:"file"`
	OK          bool           `json:"ok"`
	Error       string         `json:"error"`
	Container   string         `json:"container"`
	Codec       string         `json:"codec"`
	MIME        string         `json:"mime"`
	DurationMS  int64          `json:"duration_ms"`
	Bitrate     int            `json:"bitrate"`
	BitrateMode string         `json:"bitrate_mode"`
	SampleRate  int            `json:"sample_rate"`
	Channels    int            `json:"channels"`
	Tags        media.Tags     `json:"tags"`
	Artwork     *probeArtwork  `json:"artwork"`
	Chapters    []probeChapter `json:"chapters"`
	Warnings    []string       `json:"warnings"`
	info        *media.Info
}

type probeArtwork struct {
	MIME   string `json:"mime"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

type probeChapter struct {
	StartMS int64  `json:"start_ms"`
	EndMS   int64  `json:"end_ms"`
	Title   string `json:"title"`
}

func runProbe(ctx context.Context, args []string) error {
	return probeCmd(ctx, args, os.Stdout, os.Stderr)
}

// probeCmd is `onair probe [--json] FILE...`: exit status 1 when any file
// failed, the JSON printed either way.
func probeCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print a JSON array with one object per file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: onair probe [--json] FILE...")
		fs.PrintDefaults()
	}
	var files []string
	for { // flags may come after file names too
		if err := parseArgs(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) == 0 {
		fs.Usage()
		return errExit(2)
	}
	results := make([]probeResult, 0, len(files))
	failed := false
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := probeOne(f)
		failed = failed || !r.OK
		results = append(results, r)
		if !*asJSON {
			printProbe(stdout, stderr, r)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			return err
		}
	}
	if failed {
		return errExit(1)
	}
	return nil
}

func probeOne(name string) probeResult {
	r := probeResult{File: name, Chapters: []probeChapter{}, Warnings: []string{}}
	info, err := probeFile(name)
	if err != nil {
		// What the file is, in media's words for people; an open or
		// read error as the OS tells it.
		if r.Error = media.Refusal(err); r.Error == "" {
			r.Error = err.Error()
		}
		return r
	}
	r.OK, r.info = true, info
	r.Container, r.Codec, r.MIME = info.Container, info.Codec, info.MIME
	r.DurationMS = info.Duration.Round(time.Millisecond).Milliseconds()
	r.Bitrate, r.BitrateMode = info.Bitrate, info.BitrateMode
	r.SampleRate, r.Channels, r.Tags = info.SampleRate, info.Channels, info.Tags
	r.Warnings = append(r.Warnings, info.Warnings...)
	if a := info.Artwork; a != nil {
		r.Artwork = &probeArtwork{MIME: a.MIME, Width: a.Width, Height: a.Height}
	}
	for _, c := range info.Chapters {
		r.Chapters = append(r.Chapters, probeChapter{c.Start.Milliseconds(), c.End.Milliseconds(), c.Title})
	}
	return r
}

func probeFile(name string) (*media.Info, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
	return media.Probe(f, st.Size())
}

// printProbe writes the short human summary of one file.
func printProbe(stdout, stderr io.Writer, r probeResult) {
	if !r.OK {
		fmt.Fprintf(stderr, "%s: %s\n", r.File, r.Error)
		return
	}
	i := r.info
	fmt.Fprintf(stdout, "%s\n  %s  %s/%s  %s  %d kb/s %s  %d Hz  %d ch\n", r.File,
		clock(i.Duration), i.Container, i.Codec, i.MIME, i.Bitrate/1000, i.BitrateMode, i.SampleRate, i.Channels)
	t := i.Tags
	for _, kv := range [][2]string{{"title", t.Title}, {"artist", t.Artist}, {"album", t.Album},
		{"year", t.Year}, {"genre", t.Genre}, {"comment", t.Comment}} {
		if kv[1] != "" {
			fmt.Fprintf(stdout, "  %-8s %s\n", kv[0]+":", kv[1])
		}
	}
	if t.Track > 0 {
		fmt.Fprintf(stdout, "  %-8s %d\n", "track:", t.Track)
	}
	if a := i.Artwork; a != nil {
		fmt.Fprintf(stdout, "  artwork: %s %dx%d, %d bytes\n", a.MIME, a.Width, a.Height, len(a.Data))
	}
	for _, c := range i.Chapters {
		fmt.Fprintf(stdout, "  chapter  %s  %s\n", clock(c.Start), c.Title)
	}
	for _, w := range i.Warnings {
		fmt.Fprintf(stdout, "  warning: %s\n", w)
	}
}

// clock formats d as H:MM:SS.mmm.
func clock(d time.Duration) string {
	ms := d.Milliseconds()
	return fmt.Sprintf("%d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}
