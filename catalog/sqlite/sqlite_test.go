package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/catalog/storetest"
)

func open(t *testing.T, path string) catalog.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return st
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) catalog.Store {
		st := open(t, filepath.Join(t.TempDir(), "onair.db"))
		t.Cleanup(func() { st.Close() })
		return st
	})
}

// TestReopen: everything written is there, unchanged, after closing and
// opening the file again, and opening again applies no migration twice.
func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub dir?#%", "onair.db")
	if err := mkdirFor(path); err != nil {
		t.Fatal(err)
	}
	st := open(t, path)
	s := &catalog.Show{Slug: "s", Title: "S", Categories: []string{"News"}}
	if err := st.CreateShow(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	e := &catalog.Episode{ShowID: s.ID, Title: "E", Status: catalog.StatusPublished,
		PublishedAt: time.Now(), Audio: catalog.Audio{Key: "episodes/x/y.mp3", Duration: 1500 * time.Millisecond}}
	if err := st.CreateEpisode(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	a := &catalog.Article{URL: "https://news.example/a"}
	if err := st.CreateArticle(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	if err := st.SetEpisodeArticles(t.Context(), e.ID, []string{a.ID}); err != nil {
		t.Fatal(err)
	}
	s.Version += 2 // the episode and its articles
	e.Articles = []catalog.Article{*a}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		st = open(t, path)
		gotS, err := st.GetShow(t.Context(), "s")
		if err != nil {
			t.Fatal(err)
		}
		gotE, err := st.GetEpisode(t.Context(), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !equal(gotS, s) || !equal(gotE, e) {
			t.Errorf("after reopen:\n%+v\n%+v\nwant\n%+v\n%+v", gotS, gotE, s, e)
		}
		st.Close()
	}
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(escape(path)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n, distinct int
	if err := db.QueryRow(`SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	if n == 0 || n != distinct {
		t.Errorf("schema_migrations has %d rows for %d versions", n, distinct)
	}
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
}

// TestOpenConcurrently: two stores opening one new file at once (two
// processes starting together) both succeed and migrate it once.
func TestOpenConcurrently(t *testing.T) {
	path := filepath.Join(t.TempDir(), "onair.db")
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			st, err := sqlite.Open(t.Context(), path)
			if err == nil {
				err = st.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Open: %v", err)
		}
	}
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) catalog.Store {
		st, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "onair.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		return st
	})
}

// TestSlugsMigration: a catalog made before show_slugs existed (0003) gets
// its shows' slugs in it, and those shows then rename like new ones.
func TestSlugsMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "onair.db")
	st := open(t, path)
	s := &catalog.Show{Slug: "before", Title: "S", Categories: []string{"News"}}
	if err := st.CreateShow(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(escape(path)))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TABLE show_slugs`, `DELETE FROM schema_migrations WHERE version = 3`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	st = open(t, path)
	defer st.Close()
	var n int
	db, err = sql.Open("sqlite", "file:"+filepath.ToSlash(escape(path)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow(`SELECT count(*) FROM show_slugs WHERE slug = 'before' AND retired_at IS NULL`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("show_slugs after the migration: %d rows for the show's slug, %v", n, err)
	}
	got, err := st.GetShow(t.Context(), "before")
	if err != nil {
		t.Fatal(err)
	}
	got.Slug = "after"
	if err := st.UpdateShow(t.Context(), got); err != nil {
		t.Fatalf("rename: %v", err)
	}
	if old, err := st.ShowByOldSlug(t.Context(), "before"); err != nil || old.ID != s.ID {
		t.Errorf("ShowByOldSlug(before): %v, %v", old, err)
	}
}
