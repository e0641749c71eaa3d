package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/migrate"
)

// TestMigrateCommand copies one data folder into another through the
// command's flags, refuses a used target, and copies into it with --force.
func TestMigrateCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	addShow := func(data, slug string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(dir, data), 0o755); err != nil {
			t.Fatal(err)
		}
		st, err := sqlite.Open(ctx, filepath.Join(dir, data, "onair.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if err := st.CreateShow(ctx, &catalog.Show{Slug: slug, Title: slug, Type: catalog.ShowEpisodic, GUID: catalog.NewGUID()}); err != nil {
			t.Fatal(err)
		}
	}
	shows := func(data string) int {
		t.Helper()
		st, err := sqlite.Open(ctx, filepath.Join(dir, data, "onair.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		l, err := st.ListShows(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(l)
	}
	addShow("a", "news")
	addShow("c", "other")
	data := func(name string) string { return filepath.Join(dir, name) }

	for _, tc := range []struct {
		args  []string
		want  error // nil, or what errors.Is must find
		fails bool
		shows map[string]int
	}{
		{args: []string{"--from-data", data("a"), "--to-data", data("b"), "--quiet"}, shows: map[string]int{"b": 1}},
		{args: []string{"--from-data", data("a"), "--to-data", data("b"), "--quiet"}, shows: map[string]int{"b": 1}}, // again: nothing new
		{args: []string{"--from-data", data("a"), "--to-data", data("c"), "--quiet"}, want: migrate.ErrTargetNotEmpty, shows: map[string]int{"c": 1}},
		{args: []string{"--from-data", data("a"), "--to-data", data("c"), "--quiet", "--force"}, shows: map[string]int{"c": 2}},
		{args: []string{"--from-data", data("a"), "--to-data", data("a")}, fails: true},
		{args: []string{"--from-data", data("a")}, fails: true},
	} {
		err := runMigrate(ctx, tc.args)
		switch {
		case tc.want != nil && !errors.Is(err, tc.want):
			t.Errorf("migrate %v = %v, want %v", tc.args, err, tc.want)
		case tc.fails && err == nil:
			t.Errorf("migrate %v succeeded, want an error", tc.args)
		case tc.want == nil && !tc.fails && err != nil:
			t.Errorf("migrate %v: %v", tc.args, err)
		}
		for d, n := range tc.shows {
			if got := shows(d); got != n {
				t.Errorf("after migrate %v: %s has %d shows, want %d", tc.args, d, got, n)
			}
		}
	}
}
