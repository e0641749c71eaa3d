package migrate_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/feeds"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/media/storagetest"
	"github.com/onair-fm/onair/migrate"
)

// sqliteSite is a new installation the embedded way: SQLite and a folder.
func sqliteSite(t *testing.T) migrate.Site {
	t.Helper()
	dir := t.TempDir()
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	blobs, err := media.NewLocal(filepath.Join(dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	return migrate.Site{Store: st, Blobs: blobs}
}

// fill gives a site two shows (one with artwork), published, draft and
// scheduled episodes with audio and artwork blobs, articles linked in a
// set order, and a token. It returns the blob keys.
func fill(t *testing.T, s migrate.Site) []string {
	t.Helper()
	ctx := context.Background()
	var keys []string
	blob := func(key string, size int64) media.BlobInfo {
		info, err := s.Blobs.Put(ctx, key, storagetest.Gen(uint64(len(keys)), size))
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, key)
		return info
	}
	var arts []*catalog.Article
	for i, u := range []string{"https://news.example/a", "https://news.example/b", "https://news.example/c"} {
		a := &catalog.Article{URL: u, Title: "Article " + u[len(u)-1:], Summary: "About <things> & more",
			PublishedAt: time.Date(2026, 1, 1+i, 8, 0, 0, 0, time.UTC)}
		if err := s.Store.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	if err := s.Store.CreateToken(ctx, &catalog.Token{Name: "ci", Hash: bytes.Repeat([]byte{7}, 32)}); err != nil {
		t.Fatal(err)
	}
	var showIDs []string
	defer func() {
		// Members of the first show: one active, one revoked.
		for i, sub := range []*catalog.Subscriber{
			{Email: "ana@example.com", Name: "Ana", ExternalID: "crm-1", ExpiresAt: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
			{Email: "bo@example.com", Revoked: true, RevokedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		} {
			sub.ShowID, sub.TokenHash = showIDs[0], bytes.Repeat([]byte{byte(i + 1)}, 32)
			if err := s.Store.CreateSubscriber(ctx, sub); err != nil {
				t.Fatal(err)
			}
		}
		for i, role := range []string{catalog.RoleAdmin, catalog.RoleEditor} {
			u := &catalog.User{Email: role + "@example.com", PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA" + strconv.Itoa(i), Role: role}
			if role == catalog.RoleEditor {
				u.ShowIDs = showIDs[:1]
			}
			if err := s.Store.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
	}()
	pub := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	var downloads []catalog.Download
	for i := range 1500 { // more than one page
		downloads = append(downloads, catalog.Download{ID: int64(10 + 2*i), EpisodeID: "ep" + strconv.Itoa(i%7),
			ShowID: "show" + strconv.Itoa(i%2), App: "Overcast", At: pub.Add(time.Duration(i) * time.Minute)})
		if i%10 == 0 { // made through a member's private feed
			downloads[i].SubscriberID = "sub" + strconv.Itoa(i%3)
		}
	}
	if err := s.Store.ImportDownloads(ctx, downloads); err != nil {
		t.Fatal(err)
	}
	for si, slug := range []string{"morning", "evening"} {
		sh := &catalog.Show{Slug: slug, Title: "The " + slug + " show", Description: "News every " + slug,
			Author: "Newsroom", OwnerName: "Ed", OwnerEmail: "ed@example.com", Language: "en",
			Categories: []string{"News", "Society & Culture/Documentary"}, Type: catalog.ShowEpisodic,
			Link: "https://news.example/" + slug, GUID: catalog.NewGUID(),
			Funding: []catalog.Funding{{URL: "https://news.example/give", Title: "Support us"}}}
		if si == 0 {
			sh.ArtworkKey = "shows/" + slug + "/" + catalog.NewID() + ".jpg"
			sh.ArtworkMIME = "image/jpeg"
		}
		if si == 0 { // renamed: its first slug's URLs redirect
			sh.Slug = "dawn"
		}
		if err := s.Store.CreateShow(ctx, sh); err != nil {
			t.Fatal(err)
		}
		if sh.Slug != slug {
			sh.Slug = slug
			if err := s.Store.UpdateShow(ctx, sh); err != nil {
				t.Fatal(err)
			}
		}
		showIDs = append(showIDs, sh.ID)
		if sh.ArtworkKey != "" {
			blob(sh.ArtworkKey, 30_000)
		}
		for ei, status := range []string{catalog.StatusPublished, catalog.StatusPublished, catalog.StatusDraft, catalog.StatusPublished} {
			e := &catalog.Episode{ShowID: sh.ID, Title: slug + " episode", Description: "<p>Notes <b>bold</b></p>",
				PublishedAt: pub.Add(time.Duration(ei) * time.Hour), Status: status, Season: 1, Number: ei + 1,
				Type: catalog.EpisodeFull, Chapters: []catalog.Chapter{{Start: 0, Title: "Intro"}, {Start: time.Minute, Title: "Story"}}}
			if ei == 3 {
				e.PublishedAt = time.Now().Add(48 * time.Hour) // scheduled
			}
			e.ID = catalog.NewID()
			key := "episodes/" + e.ID + "/" + catalog.NewID() + ".mp3"
			info := blob(key, int64(200_000+ei*50_000))
			e.Audio = catalog.Audio{Key: key, FileName: "ep.mp3", Size: info.Size, SHA256: info.SHA256,
				MIME: "audio/mpeg", Container: "mp3", Codec: "mp3", Bitrate: 128000, SampleRate: 44100,
				Channels: 2, Duration: 90 * time.Second, HeaderBytes: 45}
			if ei == 1 {
				e.ArtworkKey = "episodes/" + e.ID + "/art-" + catalog.NewID() + ".png"
				e.ArtworkMIME = "image/png"
				blob(e.ArtworkKey, 5_000)
			}
			if err := s.Store.CreateEpisode(ctx, e); err != nil {
				t.Fatal(err)
			}
			if ei < 2 {
				ids := []string{arts[2-ei].ID, arts[0].ID}
				if err := s.Store.SetEpisodeArticles(ctx, e.ID, ids); err != nil {
					t.Fatal(err)
				}
				// A transcript, which the feeds list: they differ if it is
				// not copied.
				if err := s.Store.PutTranscript(ctx, &catalog.Transcript{EpisodeID: e.ID, Origin: catalog.TranscriptUploaded,
					Format: "vtt", Language: "en-gb", State: catalog.TranscriptDone,
					Cues: []catalog.Cue{{Start: 0, End: time.Second, Speaker: "Ana", Text: "Hello."}}}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return keys
}

// buildDates matches what a feed says about when it was built.
var buildDates = regexp.MustCompile(`<lastBuildDate>[^<]*</lastBuildDate>|<updated>[^<]*</updated>|"date_modified":\s*"[^"]*"`)

// renderAll renders every show's three feeds at a fixed time.
func renderAll(t *testing.T, st catalog.Store, at time.Time) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	out := map[string][]byte{}
	shows, err := st.ListShows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range shows {
		eps, err := st.ListEpisodes(ctx, catalog.EpisodeFilter{ShowID: sh.ID, LiveAt: at})
		if err != nil {
			t.Fatal(err)
		}
		base := "https://pod.example/shows/" + sh.Slug
		in := feeds.Input{Show: sh, Episodes: eps, Links: feeds.Links{
			Show: base, RSS: base + "/feed.rss", Atom: base + "/feed.atom", JSON: base + "/feed.json",
			Episode:  func(e *catalog.Episode) string { return base + "/episodes/" + e.ID },
			Chapters: func(e *catalog.Episode) string { return base + "/episodes/" + e.ID + "/chapters.json" },
			Media:    func(key string) string { return "https://pod.example/media/" + key },
		}}
		for name, render := range map[string]func(feeds.Input) ([]byte, error){"rss": feeds.RSS, "atom": feeds.Atom, "json": feeds.JSON} {
			b, err := render(in)
			if err != nil {
				t.Fatal(err)
			}
			out[sh.Slug+"."+name] = buildDates.ReplaceAll(b, nil)
		}
	}
	return out
}

// sameSite checks that b has a's feeds (byte for byte, build dates aside),
// episodes (ids, GUIDs, all but show versions) and blobs.
func sameSite(t *testing.T, a, b migrate.Site, keys []string) {
	t.Helper()
	ctx := context.Background()
	at := time.Now()
	fa, fb := renderAll(t, a.Store, at), renderAll(t, b.Store, at)
	if len(fa) != 6 {
		t.Fatalf("rendered %d feeds, want 6", len(fa))
	}
	for name, want := range fa {
		if !bytes.Equal(fb[name], want) {
			t.Errorf("feed %s differs after migration:\n--- source\n%s\n--- target\n%s", name, want, fb[name])
		}
	}
	shows, _ := a.Store.ListShows(ctx)
	for _, sh := range shows {
		oa, _ := a.Store.OldSlugs(ctx, sh.ID)
		ob, err := b.Store.OldSlugs(ctx, sh.ID)
		if err != nil || !reflect.DeepEqual(oa, ob) {
			t.Errorf("old slugs of %s: source %v, target %v (%v)", sh.Slug, oa, ob, err)
		}
	}
	if len(shows) != 2 {
		t.Errorf("%d shows, want 2", len(shows))
	} else if oa, _ := a.Store.OldSlugs(ctx, shows[1].ID); len(oa) != 1 || oa[0].Slug != "dawn" {
		t.Errorf("old slugs of the source's renamed show: %v, want dawn", oa)
	}
	ea, _ := a.Store.ListEpisodes(ctx, catalog.EpisodeFilter{})
	eb, _ := b.Store.ListEpisodes(ctx, catalog.EpisodeFilter{})
	if len(ea) != 8 || len(ea) != len(eb) {
		t.Fatalf("episodes: source %d, target %d; want 8", len(ea), len(eb))
	}
	for i := range ea {
		x, y := *ea[i], *eb[i]
		if x.ID != y.ID || x.GUID != y.GUID || x.Audio != y.Audio || !x.PublishedAt.Equal(y.PublishedAt) ||
			!x.CreatedAt.Equal(y.CreatedAt) || x.Status != y.Status || len(x.Articles) != len(y.Articles) {
			t.Errorf("episode %d differs:\n%+v\n%+v", i, x, y)
		}
		if x.Transcript.Ready() != y.Transcript.Ready() || x.Transcript.Language != y.Transcript.Language {
			t.Errorf("episode %d transcript: source %+v, target %+v", i, x.Transcript, y.Transcript)
		}
		if ta, err := a.Store.Transcript(ctx, x.ID, catalog.TranscriptUploaded); err == nil {
			tb, err := b.Store.Transcript(ctx, x.ID, catalog.TranscriptUploaded)
			if err != nil || !reflect.DeepEqual(ta.Cues, tb.Cues) {
				t.Errorf("episode %d transcript cues: %v %+v", i, err, tb)
			}
		}
	}
	for _, sh := range shows {
		sa, _ := a.Store.ListSubscribers(ctx, catalog.SubscriberFilter{ShowID: sh.ID})
		sb, err := b.Store.ListSubscribers(ctx, catalog.SubscriberFilter{ShowID: sh.ID})
		if err != nil || len(sa) != len(sb) {
			t.Fatalf("subscribers of %s: source %d, target %d (%v)", sh.Slug, len(sa), len(sb), err)
		}
		for i := range sa {
			x, y := sa[i], sb[i]
			if x.ID != y.ID || x.Email != y.Email || x.ExternalID != y.ExternalID || !bytes.Equal(x.TokenHash, y.TokenHash) ||
				x.Revoked != y.Revoked || !x.ExpiresAt.Equal(y.ExpiresAt) || !x.RevokedAt.Equal(y.RevokedAt) {
				t.Errorf("subscriber %d of %s differs:\n%+v\n%+v", i, sh.Slug, x, y)
			}
		}
	}
	ta, _ := a.Store.ListTokens(ctx)
	tb, _ := b.Store.ListTokens(ctx)
	if len(ta) != 1 || len(tb) != 1 || ta[0].ID != tb[0].ID || !bytes.Equal(ta[0].Hash, tb[0].Hash) {
		t.Errorf("tokens differ: %v vs %v", ta, tb)
	}
	ua, _ := a.Store.ListUsers(ctx)
	ub, _ := b.Store.ListUsers(ctx)
	if len(ua) != 2 || len(ub) != 2 {
		t.Errorf("users: source %d, target %d; want 2", len(ua), len(ub))
	} else {
		for i := range ua {
			x, y := ua[i], ub[i]
			if x.ID != y.ID || x.Email != y.Email || x.PasswordHash != y.PasswordHash || x.Role != y.Role ||
				!slices.Equal(x.ShowIDs, y.ShowIDs) || !x.CreatedAt.Equal(y.CreatedAt) {
				t.Errorf("user %d differs:\n%+v\n%+v", i, x, y)
			}
		}
	}
	da, _ := a.Store.DownloadsAfter(ctx, 0, 5000)
	db, _ := b.Store.DownloadsAfter(ctx, 0, 5000)
	if len(da) != 1500 || len(db) != len(da) {
		t.Errorf("downloads: source %d, target %d; want 1500", len(da), len(db))
	} else {
		for i := range da {
			if da[i].ID != db[i].ID || da[i].EpisodeID != db[i].EpisodeID || !da[i].At.Equal(db[i].At) ||
				da[i].SubscriberID != db[i].SubscriberID {
				t.Errorf("download %d differs: %+v vs %+v", i, da[i], db[i])
				break
			}
		}
	}
	for _, key := range keys {
		if ha, hb := blobSum(t, a.Blobs, key), blobSum(t, b.Blobs, key); ha != hb {
			t.Errorf("blob %s differs", key)
		}
	}
}

func blobSum(t *testing.T, s media.Storage, key string) [32]byte {
	t.Helper()
	r, _, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestCopySQLiteToSQLite(t *testing.T) {
	ctx := context.Background()
	src, dst := sqliteSite(t), sqliteSite(t)
	keys := fill(t, src)
	rep, err := migrate.Copy(ctx, src, dst, migrate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := migrate.Report{Shows: 2, Episodes: 8, Articles: 3, Tokens: 1, Users: 2, Subscribers: 2, Links: 4, Downloads: 1500, BlobsCopied: len(keys), BytesCopied: rep.BytesCopied}
	if rep != want {
		t.Errorf("report = %+v, want %+v", rep, want)
	}
	sameSite(t, src, dst, keys)

	// A second run finds everything there and copies nothing.
	rep, err = migrate.Copy(ctx, src, dst, migrate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := (migrate.Report{RowsSkipped: 18, Downloads: 1500, BlobsSkipped: len(keys)}); rep != want {
		t.Errorf("second run = %+v, want %+v", rep, want)
	}
}

// TestCopyResumes interrupts a copy at every blob in turn and runs it again.
func TestCopyResumes(t *testing.T) {
	src := sqliteSite(t)
	keys := fill(t, src)
	for stop := 1; stop < len(keys); stop += 3 {
		dst := sqliteSite(t)
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		_, err := migrate.Copy(ctx, src, dst, migrate.Options{Progress: func(string, int64, string) {
			if n++; n == stop {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("stop after %d blobs: err = %v, want context.Canceled", stop, err)
		}
		rep, err := migrate.Copy(context.Background(), src, dst, migrate.Options{})
		if err != nil {
			t.Fatalf("resume after %d blobs: %v", stop, err)
		}
		if rep.BlobsCopied+rep.BlobsSkipped != len(keys) || rep.BlobsSkipped < stop {
			t.Errorf("resume after %d blobs: %+v", stop, rep)
		}
		sameSite(t, src, dst, keys)
	}
}

func TestCopyRefusesForeignTarget(t *testing.T) {
	ctx := context.Background()
	src, dst := sqliteSite(t), sqliteSite(t)
	keys := fill(t, src)
	other := &catalog.Show{Slug: "other", Title: "Other", Type: catalog.ShowEpisodic, GUID: catalog.NewGUID()}
	if err := dst.Store.CreateShow(ctx, other); err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.Copy(ctx, src, dst, migrate.Options{}); !errors.Is(err, migrate.ErrTargetNotEmpty) {
		t.Fatalf("copy into a used target = %v, want ErrTargetNotEmpty", err)
	}
	if shows, _ := dst.Store.ListShows(ctx); len(shows) != 1 {
		t.Fatalf("refused copy wrote %d shows", len(shows)-1)
	}
	if _, err := migrate.Copy(ctx, src, dst, migrate.Options{Force: true}); err != nil {
		t.Fatalf("forced copy: %v", err)
	}
	if shows, _ := dst.Store.ListShows(ctx); len(shows) != 3 {
		t.Errorf("forced copy: %d shows, want 3", len(shows))
	}
	if _, err := dst.Store.GetShow(ctx, "other"); err != nil {
		t.Errorf("forced copy lost the target's own show: %v", err)
	}
	for _, key := range keys {
		blobSum(t, dst.Blobs, key)
	}
}

// TestCopyBadTargetBlob finds a blob in the target with other bytes and no
// row referring to it: refused, then replaced under --force.
func TestCopyBadTargetBlob(t *testing.T) {
	ctx := context.Background()
	src, dst := sqliteSite(t), sqliteSite(t)
	keys := fill(t, src)
	bad := keys[len(keys)-1]
	if _, err := dst.Blobs.Put(ctx, bad, bytes.NewReader([]byte("not the audio"))); err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.Copy(ctx, src, dst, migrate.Options{}); err == nil {
		t.Fatal("copy over a differing blob succeeded")
	}
	if _, err := migrate.Copy(ctx, src, dst, migrate.Options{Force: true}); err != nil {
		t.Fatalf("forced copy: %v", err)
	}
	sameSite(t, src, dst, keys)
}

// TestCopyRoundTripS3 goes SQLite + folder -> SQLite + S3 -> SQLite +
// folder. (With PostgreSQL it is TestCopyRoundTripPostgresS3.)
func TestCopyRoundTripS3(t *testing.T) {
	ctx := context.Background()
	src := sqliteSite(t)
	keys := fill(t, src)
	mid := sqliteSite(t)
	mid.Blobs = storagetest.S3(t)
	back := sqliteSite(t)
	for _, hop := range [][2]migrate.Site{{src, mid}, {mid, back}} {
		if _, err := migrate.Copy(ctx, hop[0], hop[1], migrate.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	sameSite(t, src, mid, keys)
	sameSite(t, src, back, keys)
}

// TestCopyMissingSourceBlob: a blob the source lost stops the copy, or with
// SkipMissing is reported and the rest goes on.
func TestCopyMissingSourceBlob(t *testing.T) {
	ctx := context.Background()
	src, dst := sqliteSite(t), sqliteSite(t)
	keys := fill(t, src)
	lost := keys[1]
	if err := src.Blobs.Delete(ctx, lost); err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.Copy(ctx, src, dst, migrate.Options{}); !errors.Is(err, media.ErrBlobMissing) {
		t.Fatalf("copy with a lost blob = %v, want ErrBlobMissing", err)
	}
	var missing []string
	rep, err := migrate.Copy(ctx, src, dst, migrate.Options{SkipMissing: true, Progress: func(key string, _ int64, what string) {
		if what == "missing" {
			missing = append(missing, key)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.BlobsMissing != 1 || len(missing) != 1 || missing[0] != lost || rep.Episodes+rep.RowsSkipped < 8 {
		t.Errorf("report %+v, missing %v; want %s missing and every episode there", rep, missing, lost)
	}
	if _, err := dst.Blobs.Stat(ctx, lost); !errors.Is(err, media.ErrBlobMissing) {
		t.Errorf("lost blob in the target: %v", err)
	}
}
