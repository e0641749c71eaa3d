package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/web"
)

// onair upload --public-at makes an early-access members episode; a bad
// --visibility is refused before anything is sent.
func TestUploadCommandVisibility(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st, err := sqlite.Open(t.Context(), filepath.Join(dir, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	blobs, _ := media.NewLocal(filepath.Join(dir, "media"))
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	srv := web.New(web.Config{BaseURL: base, ResumableUploads: true, UploadExpiry: time.Hour},
		st, blobs, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts.Config.Handler = srv.Handler()
	ts.Start()
	defer ts.Close()
	sh := &catalog.Show{Slug: "news", Title: "News", Language: "en", Type: catalog.ShowEpisodic}
	if err := st.CreateShow(t.Context(), sh); err != nil {
		t.Fatal(err)
	}
	secret, tok := catalog.NewToken("cli")
	st.CreateToken(t.Context(), tok)
	file := filepath.Join("..", "..", "testdata", "mp3_id3v24_chapters.mp3")
	publicAt := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Second)
	common := []string{"--server", base, "--token", secret, "--show", "news", "--cache-dir", filepath.Join(dir, "cache")}

	var out, errOut bytes.Buffer
	err = upload(t.Context(), append(common, "--visibility", "secret", file), &out, &errOut, false)
	if err == nil || !strings.Contains(err.Error(), "--visibility") {
		t.Errorf("--visibility secret: %v", err)
	}
	if err := upload(t.Context(), append(common, "--json", "--public-at", publicAt.Format(time.RFC3339), file), &out, &errOut, false); err != nil {
		t.Fatalf("upload: %v\n%s", err, errOut.String())
	}
	var ep struct {
		Visibility string    `json:"visibility"`
		PublicAt   time.Time `json:"public_at"`
	}
	if err := json.Unmarshal(out.Bytes(), &ep); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if ep.Visibility != "members" || !ep.PublicAt.Equal(publicAt) {
		t.Errorf("uploaded episode: %+v, want members, public at %v", ep, publicAt)
	}
}
