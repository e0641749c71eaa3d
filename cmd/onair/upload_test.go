package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/web"
)

// cutProxy forwards TCP to target and, while cut is set, closes the
// connection that carries the byte crossing it (counting all bytes sent
// towards the server on every connection).
type cutProxy struct {
	ln     net.Listener
	target string
	cut    atomic.Int64
	sent   atomic.Int64
}

func (p *cutProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go func() {
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				return
			}
			go func() { io.Copy(c, s); c.Close() }()
			buf := make([]byte, 4096)
			for {
				k, err := c.Read(buf)
				n := p.sent.Add(int64(k))
				if lim := p.cut.Load(); lim > 0 && n >= lim {
					p.cut.Store(0)
					break
				}
				if k > 0 {
					if _, err := s.Write(buf[:k]); err != nil {
						break
					}
				}
				if err != nil {
					break
				}
			}
			c.Close()
			s.Close()
		}()
	}
}

// TestUploadCommand runs onair upload against a real server: the first run
// loses its connection halfway and gives up (--retries 0); the second run
// resumes where the server stopped and prints the episode.
func TestUploadCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st, err := sqlite.Open(t.Context(), filepath.Join(dir, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	blobs, _ := media.NewLocal(filepath.Join(dir, "media"))
	ts := httptest.NewUnstartedServer(nil)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	proxy := &cutProxy{ln: ln, target: ts.Listener.Addr().String()}
	defer ln.Close()
	go proxy.serve()
	base := "http://" + ln.Addr().String()
	srv := web.New(web.Config{BaseURL: base, ResumableUploads: true, UploadExpiry: time.Hour},
		st, blobs, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	ts.Config.Handler = srv.Handler()
	ts.Start()
	defer ts.Close()

	sh := &catalog.Show{ID: catalog.NewID(), Slug: "news", Title: "News", Language: "en", Type: catalog.ShowEpisodic}
	if err := st.CreateShow(t.Context(), sh); err != nil {
		t.Fatal(err)
	}
	secret, tok := catalog.NewToken("cli")
	st.CreateToken(t.Context(), tok)

	file := filepath.Join("..", "..", "testdata", "mp3_id3v24_chapters.mp3")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(dir, "cache")
	args := []string{"--server", base, "--token", secret, "--show", "news", "--title", "From the CLI",
		"--cache-dir", cache, "--retries", "0", "--chunk-size", "16384", file}

	// Cut in the middle of the fourth 16 KiB chunk's body (headers add
	// about 1.5 kB by then), not in a HEAD, which Go's client would
	// quietly retry.
	proxy.cut.Store(3*16384 + 8192 + 1500)
	var out, errOut bytes.Buffer
	err = upload(t.Context(), args, &out, &errOut, false)
	if err == nil {
		t.Fatalf("first run survived the cut connection:\n%s", errOut.String())
	}
	if !strings.Contains(errOut.String(), "uploaded   0%") {
		t.Errorf("no plain progress lines without a terminal:\n%s", errOut.String())
	}
	if m, _ := filepath.Glob(filepath.Join(cache, "*.url")); len(m) != 1 {
		t.Fatalf("the upload URL was not remembered: %v", m)
	}

	// Run again as a new process would: no connections kept from before.
	http.DefaultClient.CloseIdleConnections()
	out.Reset()
	errOut.Reset()
	if err := upload(t.Context(), args, &out, &errOut, false); err != nil {
		t.Fatalf("second run: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(errOut.String(), "resuming the upload at") || strings.Contains(errOut.String(), "resuming the upload at 0 B") {
		t.Errorf("second run did not resume from the middle:\n%s", errOut.String())
	}
	for _, want := range []string{"From the CLI", base + "/shows/news/episodes/", base + "/embed/episodes/", base + "/shows/news/feed.rss"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if m, _ := filepath.Glob(filepath.Join(cache, "*.url")); len(m) != 0 {
		t.Errorf("finished upload still remembered: %v", m)
	}
	eps, _ := st.ListEpisodes(t.Context(), catalog.EpisodeFilter{})
	if len(eps) != 1 {
		t.Fatalf("%d episodes, want 1", len(eps))
	}
	r, _, err := blobs.Open(t.Context(), eps[0].Audio.Key)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	r.Close()
	if !bytes.Equal(got, data) {
		t.Error("stored audio differs from the file")
	}

	// --json prints the episode; a draft stays a draft.
	http.DefaultClient.CloseIdleConnections()
	out.Reset()
	args = []string{"--server", base, "--token", secret, "--show", "news", "--draft", "--json", "--cache-dir", cache,
		filepath.Join("..", "..", "testdata", "mp3_cbr_id3v23_apic.mp3")}
	if err := upload(t.Context(), args, &out, io.Discard, false); err != nil {
		t.Fatal(err)
	}
	var ep struct {
		ID, Title, Status string
		DurationMS        int64 `json:"duration_ms"`
	}
	if err := json.Unmarshal(out.Bytes(), &ep); err != nil {
		t.Fatalf("--json output: %v\n%s", err, out.String())
	}
	if ep.Status != "draft" || ep.Title != "Ferry Hours" || ep.DurationMS < 5000 {
		t.Errorf("--json episode %+v", ep)
	}

	// --transcript publishes a transcript with the episode; one the server
	// refuses is told with its line, and the command fails.
	vtt := filepath.Join(dir, "t.vtt")
	os.WriteFile(vtt, []byte("WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n<v Ana>Ferry hours.\n"), 0o644)
	http.DefaultClient.CloseIdleConnections()
	out.Reset()
	args = []string{"--server", base, "--token", secret, "--show", "news", "--json", "--cache-dir", cache,
		"--transcript", vtt, filepath.Join("..", "..", "testdata", "m4a_alac.m4a")}
	if err := upload(t.Context(), args, &out, io.Discard, false); err != nil {
		t.Fatal(err)
	}
	var withTr struct {
		Transcript struct{ State, Origin string }
	}
	if err := json.Unmarshal(out.Bytes(), &withTr); err != nil || withTr.Transcript.State != "done" || withTr.Transcript.Origin != "uploaded" {
		t.Errorf("--transcript: %v %s", err, out.String())
	}
	os.WriteFile(vtt, []byte("WEBVTT\n\n00:00:00.000 --> 00:09:00.000\nToo long.\n"), 0o644)
	args = []string{"--server", base, "--token", secret, "--show", "news", "--cache-dir", cache,
		"--transcript", vtt, filepath.Join("..", "..", "testdata", "flac_picture.flac")}
	if err := upload(t.Context(), args, io.Discard, io.Discard, false); err == nil ||
		!strings.Contains(err.Error(), "refused the transcript") || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("refused transcript: %v", err)
	}
	args = []string{"--server", base, "--token", secret, "--show", "news", "--transcript", filepath.Join(dir, "missing.vtt"),
		filepath.Join("..", "..", "testdata", "flac_picture.flac")}
	if err := upload(t.Context(), args, io.Discard, io.Discard, false); err == nil || !strings.Contains(err.Error(), "--transcript") {
		t.Errorf("missing transcript file: %v", err)
	}

	// A file the server refuses is not an interrupted upload: running the
	// command again would be refused again, so it must not say to.
	args = []string{"--server", base, "--token", secret, "--show", "news", "--cache-dir", cache,
		filepath.Join("..", "..", "testdata", "not_audio.png")}
	err = upload(t.Context(), args, io.Discard, io.Discard, false)
	if err == nil || strings.Contains(err.Error(), "resume") || !strings.Contains(err.Error(), "PNG") {
		t.Errorf("refused upload: %v; want the refusal, without a hint to resume", err)
	}
	// The refusal is told as the server words it for people, without the
	// tus client's prefix or the raw JSON, at creation as after the bytes.
	args = []string{"--server", base, "--token", secret, "--show", "nope", "--cache-dir", cache,
		filepath.Join("..", "..", "testdata", "mp3_cbr_id3v23_apic.mp3")}
	err2 := upload(t.Context(), args, io.Discard, io.Discard, false)
	for _, tt := range []struct {
		err  error
		want string
	}{
		{err, `the server refused the upload: the uploaded file "not_audio.png" is not audio: PNG image`},
		{err2, `the server refused the upload: show "nope" not found`},
	} {
		if tt.err == nil || tt.err.Error() != tt.want {
			t.Errorf("refused upload: %v, want %q", tt.err, tt.want)
		}
	}
}

func TestReadPassword(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"secret-pass\n", "secret-pass", true},
		{"secret-pass\r\nignored\n", "secret-pass", true},
		{"no-newline", "no-newline", true},
		{"", "", false},
	} {
		got, err := readPassword(strings.NewReader(tc.in))
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("readPassword(%q) = %q, %v", tc.in, got, err)
		}
	}
}

func TestNewUser(t *testing.T) {
	t.Parallel()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sh := &catalog.Show{ID: catalog.NewID(), Slug: "news", Title: "News", Language: "en", Type: catalog.ShowEpisodic}
	st.CreateShow(t.Context(), sh)
	for _, tc := range []struct {
		email, role string
		shows       []string
		pw          string
		ok          bool
	}{
		{"Ed@Example.com", "editor", []string{"news"}, "long-enough", true},
		{"boss@example.com", "admin", nil, "long-enough", true},
		{"boss@example.com", "admin", nil, "long-enough", false}, // taken
		{"x@example.com", "editor", []string{"nope"}, "long-enough", false},
		{"x@example.com", "owner", nil, "long-enough", false},
		{"not-an-email", "admin", nil, "long-enough", false},
		{"y@example.com", "admin", nil, "short", false},
	} {
		u, err := newUser(t.Context(), st, tc.email, tc.role, tc.shows, tc.pw)
		if (err == nil) != tc.ok {
			t.Errorf("newUser(%s, %s, %v) error %v", tc.email, tc.role, tc.shows, err)
			continue
		}
		if err == nil {
			got, _ := st.GetUserByEmail(t.Context(), tc.email)
			ok, _ := catalog.CheckPassword(got.PasswordHash, tc.pw)
			if !ok || got.Role != tc.role || len(got.ShowIDs) != len(tc.shows) || u.ID != got.ID {
				t.Errorf("stored user %+v", got)
			}
		}
	}
}

// TestPrintEpisodeWarnings: the server's warnings about an uploaded
// episode (e.g. an MP2 file) are printed after where it is.
func TestPrintEpisodeWarnings(t *testing.T) {
	t.Parallel()
	body := `{"id":"abc","title":"T","status":"draft","duration":"0:05",
		"warnings":["status is draft: ...","T's audio is MPEG Layer II (MP2) ... Re-encode the audio as MP3 (Layer III) ..."]}`
	var out bytes.Buffer
	if err := printEpisode(&out, []byte(body), false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\nwarning   T's audio is MPEG Layer II (MP2) ... Re-encode") {
		t.Errorf("output lacks the warning:\n%s", out.String())
	}
}
