package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/web"
)

// oldFeed serves a two-episode podcast with real audio, as another host
// would; extra adds a newer episode.
func oldFeed(t *testing.T) (*httptest.Server, *bool) {
	t.Helper()
	extra := new(bool)
	cover := testmedia.Picture(t, "jpeg", 1400, 1400)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			item := ""
			if *extra {
				item = `<item><title>Three</title><guid>old-3</guid><pubDate>Wed, 03 Jan 2024 10:00:00 +0000</pubDate><enclosure url="BASE/a/mp3_mpeg2_22k_mono.mp3" type="audio/mpeg"/></item>`
			}
			w.Write([]byte(strings.ReplaceAll(`<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>CLI Show</title><description>Moving.</description><language>en</language>
<itunes:image href="BASE/cover.jpg"/><itunes:category text="News"/><itunes:explicit>false</itunes:explicit>
<itunes:owner><itunes:email>desk@example.com</itunes:email></itunes:owner>`+item+`
<item><title>Two</title><guid>old-2</guid><pubDate>Tue, 02 Jan 2024 10:00:00 +0000</pubDate><enclosure url="BASE/a/mp3_vbr_xing.mp3" length="102672" type="audio/mpeg"/><itunes:duration>16</itunes:duration></item>
<item><title>One</title><guid>old-1</guid><pubDate>Mon, 1 Jan 2024 10:00:00 EST</pubDate><enclosure url="BASE/a/mp3_cbr_id3v23_apic.mp3" length="999" type="audio/mpeg"/><itunes:duration>1:00:00</itunes:duration></item>
</channel></rss>`, "BASE", srv.URL)))
		case "/cover.jpg":
			w.Write(cover)
		default:
			b, err := os.ReadFile(testmedia.Fixture(t, strings.TrimPrefix(r.URL.Path, "/a/")))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			http.ServeContent(w, r, "a.mp3", time.Time{}, bytes.NewReader(b))
		}
	}))
	t.Cleanup(srv.Close)
	return srv, extra
}

func TestImportCommand(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	old, extra := oldFeed(t)
	data := t.TempDir()
	run := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := importCmd(ctx, append(args, "--data", data), &out, &errOut, false)
		return out.String() + errOut.String(), err
	}
	out, err := run(old.URL+"/feed.xml", "--show", "cli")
	if err == nil || !strings.Contains(err.Error(), "private") {
		t.Errorf("without --allow-private: %v\n%s", err, out)
	}
	out, err = run(old.URL+"/feed.xml", "--show", "cli", "--allow-private", "--dry-run")
	if err != nil || !strings.Contains(out, "would import 2") {
		t.Errorf("dry run: %v\n%s", err, out)
	}
	out, err = run(old.URL+"/feed.xml", "--show", "cli", "--allow-private")
	if err != nil || !strings.Contains(out, "2 imported") || !strings.Contains(out, "length said 999 bytes") ||
		!strings.Contains(out, "itunes:duration said 1:00:00.000") {
		t.Errorf("import: %v\n%s", err, out)
	}
	out, err = run(old.URL+"/feed.xml", "--show", "cli", "--allow-private")
	if err != nil || !strings.Contains(out, "0 imported") || !strings.Contains(out, "2 already here") {
		t.Errorf("second run: %v\n%s", err, out)
	}
	*extra = true
	out, err = run(old.URL+"/feed.xml", "--show", "cli", "--allow-private", "--since", "2024-01-02")
	if err != nil || !strings.Contains(out, "1 imported") {
		t.Errorf("with a new item: %v\n%s", err, out)
	}
	for _, bad := range [][]string{{old.URL + "/feed.xml"}, {old.URL + "/feed.xml", "--show", "x", "--since", "yesterday"},
		{old.URL + "/feed.xml", "--show", "x", "--server", "http://x.example", "--token", "t", "--allow-private"}} {
		if _, err := run(bad...); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}

	// The imported show, served, passes onair validate.
	st, err := sqlite.Open(ctx, filepath.Join(data, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	blobs, _ := media.NewLocal(filepath.Join(data, "media"))
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	srv := web.New(web.Config{BaseURL: base, ImportAllowPrivate: true, MaxUpload: 1 << 30}, st, blobs, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts.Config.Handler = srv.Handler()
	ts.Start()
	defer ts.Close()
	var report bytes.Buffer
	errs, err := validateFeed(ctx, &report, base+"/shows/cli/feed.rss", false, true)
	if err != nil || errs != 0 || !strings.Contains(report.String(), "3 episodes") {
		t.Errorf("onair validate: %d errors, %v\n%s", errs, err, report.String())
	}

	// Through the server: the same import runs there.
	secret, tok := catalog.NewToken("cli")
	st.CreateToken(ctx, tok)
	var out2, errOut bytes.Buffer
	err = importCmd(ctx, []string{old.URL + "/feed.xml", "--show", "via-api", "--server", base, "--token", secret}, &out2, &errOut, false)
	if err != nil || !strings.Contains(out2.String(), "3 imported") {
		t.Errorf("--server: %v\n%s%s", err, out2.String(), errOut.String())
	}
}
