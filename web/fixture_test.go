package web

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/media"
)

// testSite is a running server over a real SQLite catalog and real local
// storage in a temp dir, filled with shows and episodes made from the
// audio fixtures in testdata/.
type testSite struct {
	t         testing.TB
	srv       *Server
	ts        *httptest.Server
	store     catalog.Store
	blobs     *media.Local
	now       time.Time
	show      *catalog.Show    // "daily": artwork, several episodes.
	empty     *catalog.Show    // "quiet": no episodes.
	long      *catalog.Episode // ~61 s of audio, three chapters, two related articles.
	short     *catalog.Episode // the chapters fixture, older.
	draft     *catalog.Episode
	future    *catalog.Episode
	solo      *catalog.Article // related to long only.
	pair      *catalog.Article // related to long and short.
	lonely    *catalog.Article // related to nothing.
	third     *catalog.Episode // a third live episode, for pages with three players.
	mu        sync.Mutex
	mediaHits map[string]int // requests for /media/episodes/... by path.
}

// audioHits returns how many audio requests the server has seen, by path.
func (st *testSite) audioHits() map[string]int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return maps.Clone(st.mediaHits)
}

func newSite(t testing.TB, cfg Config) *testSite {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	blobs, err := media.NewLocal(filepath.Join(dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	cfg.BaseURL = "http://" + ts.Listener.Addr().String()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := New(cfg, store, blobs, log)
	st := &testSite{t: t, srv: srv, ts: ts, store: store, blobs: blobs, now: time.Now().UTC().Truncate(time.Second)}
	st.fill(ctx)

	h := srv.Handler()
	counted := h
	st.mediaHits = map[string]int{}
	ts.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/media/episodes/") {
			st.mu.Lock()
			st.mediaHits[r.URL.Path]++
			st.mu.Unlock()
		}
		counted.ServeHTTP(w, r)
	})
	ts.Start()
	t.Cleanup(ts.Close)
	return st
}

func (st *testSite) fill(ctx context.Context) {
	t := st.t
	root := repoRoot(t)
	cover := st.probe(filepath.Join(root, "testdata", "mp3_cbr_id3v23_apic.mp3")).Artwork
	if cover == nil {
		t.Fatal("fixture mp3_cbr_id3v23_apic.mp3 has no artwork")
	}
	st.show = &catalog.Show{Slug: "daily", Title: "The Daily Ferry", Author: "Harbour Newsroom",
		Description: "<p>News from the <em>harbour</em>, every morning.</p>", Language: "en", Type: catalog.ShowEpisodic}
	noErr(t, st.store.CreateShow(ctx, st.show))
	st.show.ArtworkKey = "shows/" + st.show.ID + "/" + catalog.NewID() + ".jpg"
	st.show.ArtworkMIME = cover.MIME
	st.put(st.show.ArtworkKey, cover.Data)
	noErr(t, st.store.UpdateShow(ctx, st.show))
	st.empty = &catalog.Show{Slug: "quiet", Title: "Quiet Hours", Language: "en", Type: catalog.ShowEpisodic}
	noErr(t, st.store.CreateShow(ctx, st.empty))

	long := longMP3(t, filepath.Join(root, "testdata", "mp3_cbr_id3v23_apic.mp3"), 60*time.Second)
	st.long = st.episode(ctx, "Morning edition: ferries & fog", long, st.now.Add(-time.Hour), catalog.StatusPublished)
	st.long.Description = `<p>Today: the <strong>ferry</strong> timetable.</p><script>alert(1)</script><p><a href="https://example.org/x">More</a></p>`
	st.long.Chapters = []catalog.Chapter{
		{Start: 0, Title: "Intro"}, {Start: 20 * time.Second, Title: "Ferries"}, {Start: 40 * time.Second, Title: "Weather"},
	}
	noErr(t, st.store.UpdateEpisode(ctx, st.long))

	chapters, err := os.ReadFile(filepath.Join(root, "testdata", "mp3_id3v24_chapters.mp3"))
	noErr(t, err)
	st.short = st.episode(ctx, "Chapters — Día", chapters, st.now.Add(-48*time.Hour), catalog.StatusPublished)
	st.draft = st.episode(ctx, "Draft episode", chapters, st.now.Add(-2*time.Hour), catalog.StatusDraft)
	third, err := os.ReadFile(filepath.Join(root, "testdata", "mp3_vbr_xing.mp3"))
	noErr(t, err)
	st.third = st.episode(ctx, "Third: the harbour at night", third, st.now.Add(-72*time.Hour), catalog.StatusPublished)
	st.future = st.episode(ctx, "Tomorrow's episode", chapters, st.now.Add(24*time.Hour), catalog.StatusPublished)

	st.solo = &catalog.Article{URL: "https://news.example.com/2025/ferry-timetable", Title: "New ferry timetable",
		Summary: "The harbour authority publishes winter times.", ImageURL: "https://news.example.com/img/ferry.jpg",
		PublishedAt: st.now.Add(-3 * time.Hour)}
	st.pair = &catalog.Article{URL: "https://news.example.com/2025/fog", Title: "Fog week", Summary: "Five days of fog."}
	st.lonely = &catalog.Article{URL: "https://news.example.com/2025/nothing", Title: "No audio here"}
	for _, a := range []*catalog.Article{st.solo, st.pair, st.lonely} {
		noErr(t, st.store.CreateArticle(ctx, a))
	}
	noErr(t, st.store.SetEpisodeArticles(ctx, st.long.ID, []string{st.solo.ID, st.pair.ID}))
	noErr(t, st.store.SetEpisodeArticles(ctx, st.short.ID, []string{st.pair.ID}))
	noErr(t, st.store.SetEpisodeArticles(ctx, st.draft.ID, []string{st.lonely.ID}))
}

// episode stores audio as a new live (or not) episode, with what Probe reads.
func (st *testSite) episode(ctx context.Context, title string, audio []byte, at time.Time, status string) *catalog.Episode {
	t := st.t
	info, err := media.Probe(bytes.NewReader(audio), int64(len(audio)))
	noErr(t, err)
	e := &catalog.Episode{ShowID: st.show.ID, Title: title, PublishedAt: at, Status: status, Type: catalog.EpisodeFull}
	noErr(t, st.store.CreateEpisode(ctx, e))
	e.Audio = catalog.Audio{
		Key: "episodes/" + e.ID + "/" + catalog.NewID() + ".mp3", FileName: "episode.mp3", Size: int64(len(audio)),
		MIME: info.MIME, Container: info.Container, Codec: info.Codec, Bitrate: info.Bitrate,
		SampleRate: info.SampleRate, Channels: info.Channels, Duration: info.Duration, HeaderBytes: info.HeaderBytes,
	}
	for _, c := range info.Chapters {
		e.Chapters = append(e.Chapters, catalog.Chapter{Start: c.Start, End: c.End, Title: c.Title})
	}
	st.put(e.Audio.Key, audio)
	noErr(t, st.store.UpdateEpisode(ctx, e))
	got, err := st.store.GetEpisode(ctx, e.ID)
	noErr(t, err)
	return got
}

func (st *testSite) put(key string, b []byte) {
	if _, err := st.blobs.Put(context.Background(), key, bytes.NewReader(b)); err != nil {
		st.t.Fatal(err)
	}
}

func (st *testSite) probe(path string) *media.Info {
	b, err := os.ReadFile(path)
	noErr(st.t, err)
	info, err := media.Probe(bytes.NewReader(b), int64(len(b)))
	noErr(st.t, err)
	return info
}

// get fetches path (relative to the server) with the given Accept header.
func (st *testSite) get(path, accept string) (*http.Response, string) {
	st.t.Helper()
	req, err := http.NewRequest("GET", st.ts.URL+path, nil)
	noErr(st.t, err)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := st.ts.Client().Do(req)
	noErr(st.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	noErr(st.t, err)
	return resp, string(b)
}

func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// longMP3 makes a CBR MP3 at least min long from a short fixture: its
// audio frames (without ID3 tags and the Info frame, whose counts would
// lie) repeated. Every frame is a real frame from the fixture.
func longMP3(t testing.TB, path string, min time.Duration) []byte {
	b, err := os.ReadFile(path)
	noErr(t, err)
	if len(b) > 10 && string(b[:3]) == "ID3" {
		size := int(b[6])<<21 | int(b[7])<<14 | int(b[8])<<7 | int(b[9])
		b = b[10+size:]
	}
	var frames []byte
	var dur time.Duration
	for i := 0; i+4 <= len(b); {
		n, d := mp3Frame(binary.BigEndian.Uint32(b[i:]))
		if n == 0 || i+n > len(b) {
			break
		}
		f := b[i : i+n]
		if !bytes.Contains(f, []byte("Info")) && !bytes.Contains(f, []byte("Xing")) {
			frames = append(frames, f...)
			dur += d
		}
		i += n
	}
	if dur == 0 {
		t.Fatalf("%s: no MP3 frames", path)
	}
	var out []byte
	for total := time.Duration(0); total < min; total += dur {
		out = append(out, frames...)
	}
	return out
}

// mp3Frame returns the length and duration of the MPEG audio Layer III
// frame with header h, or 0 when h is not one.
func mp3Frame(h uint32) (int, time.Duration) {
	if h>>21 != 0x7ff || (h>>17)&3 != 1 {
		return 0, 0
	}
	version := (h >> 19) & 3 // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
	v1 := [...]int{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}
	v2 := [...]int{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}
	rates := [...]int{44100, 48000, 32000}
	bi, si, pad := (h>>12)&15, (h>>10)&3, int((h>>9)&1)
	if bi == 0 || bi == 15 || si == 3 || version == 1 {
		return 0, 0
	}
	sr, br, samples, coef := rates[si], v1[bi], 1152, 144
	if version != 3 {
		sr, br, samples, coef = sr/2, v2[bi], 576, 72
		if version == 0 {
			sr /= 2
		}
	}
	return coef*br*1000/sr + pad, time.Duration(samples) * time.Second / time.Duration(sr)
}
