package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goodFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel><title>Good</title><description>A show.</description><language>en</language>
<itunes:image href="ARTWORK"/><itunes:category text="News"/><itunes:explicit>false</itunes:explicit>
<itunes:owner><itunes:name>Ada</itunes:name><itunes:email>ada@example.com</itunes:email></itunes:owner>
<podcast:guid>917393e3-1b1e-5cef-ace4-edaa54e1f810</podcast:guid>
<item><title>One</title><guid>g1</guid><enclosure url="https://x.example/1.mp3" length="10" type="audio/mpeg"/><itunes:duration>61</itunes:duration></item>
</channel></rss>`

func TestValidateCommand(t *testing.T) {
	t.Parallel()
	var art bytes.Buffer
	png.Encode(&art, image.NewGray(image.Rect(0, 0, 1400, 1400)))
	var small bytes.Buffer
	png.Encode(&small, image.NewGray(image.Rect(0, 0, 300, 200)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/art.png":
			w.Write(art.Bytes())
		case "/small.png":
			w.Write(small.Bytes())
		case "/feed.rss":
			w.Write([]byte(strings.Replace(goodFeed, "ARTWORK", "http://"+r.Host+"/art.png", 1)))
		case "/bad.rss":
			w.Write([]byte(strings.NewReplacer("ARTWORK", "http://"+r.Host+"/small.png", "audio/mpeg", "audio/wav",
				"<itunes:duration>61</itunes:duration>", "").Replace(goodFeed)))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "feed.rss")
	os.WriteFile(file, []byte(strings.Replace(goodFeed, "ARTWORK", srv.URL+"/art.png", 1)), 0o644)

	tests := []struct {
		src       string
		online    bool
		wantErrs  int
		wantCodes []string
	}{
		{srv.URL + "/feed.rss", true, 0, nil},
		{file, true, 0, nil},
		{file, false, 0, nil},
		{srv.URL + "/bad.rss", true, 3, []string{"artwork_not_square", "artwork_size", "enclosure_type", "no_duration"}},
		{srv.URL + "/bad.rss", false, 1, []string{"enclosure_type", "no_duration"}},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		errs, err := validateFeed(context.Background(), &out, tt.src, true, tt.online)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		var got struct {
			Findings []struct{ Code string }
		}
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, f := range got.Findings {
			codes = append(codes, f.Code)
		}
		if errs != tt.wantErrs || strings.Join(codes, ",") != strings.Join(tt.wantCodes, ",") {
			t.Errorf("%s online=%v: %d errors %v, want %d %v", tt.src, tt.online, errs, codes, tt.wantErrs, tt.wantCodes)
		}
	}
	var text bytes.Buffer
	if _, err := validateFeed(context.Background(), &text, srv.URL+"/bad.rss", false, true); err != nil ||
		!strings.Contains(text.String(), "fix: ") || !strings.Contains(text.String(), `episode "One"`) {
		t.Errorf("text output: %v\n%s", err, text.String())
	}
	for _, src := range []string{srv.URL + "/missing.rss", filepath.Join(t.TempDir(), "none.rss")} {
		if _, err := validateFeed(context.Background(), &text, src, false, false); err == nil {
			t.Errorf("%s: no error", src)
		}
	}
	if err := runValidate(context.Background(), []string{"--offline", srv.URL + "/bad.rss"}); err != errExit(1) {
		t.Errorf("runValidate on a feed with errors = %v, want exit 1", err)
	}
}
