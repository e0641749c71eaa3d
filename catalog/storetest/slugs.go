package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/onair-fm/onair/catalog"
)

// rename gives the show slug through UpdateShow, as the API does.
func rename(t *testing.T, st catalog.Store, s *catalog.Show, slug string) error {
	t.Helper()
	cur, err := st.GetShowByID(ctx(t), s.ID)
	if err != nil {
		t.Fatalf("GetShowByID(%s): %v", s.ID, err)
	}
	cur.Slug = slug
	return st.UpdateShow(ctx(t), cur)
}

// oldSlugs lists the show's old slugs, the one left last first.
func oldSlugs(t *testing.T, st catalog.Store, showID string) []string {
	t.Helper()
	olds, err := st.OldSlugs(ctx(t), showID)
	if err != nil {
		t.Fatalf("OldSlugs: %v", err)
	}
	out := []string{}
	for _, o := range olds {
		if o.RetiredAt.IsZero() {
			t.Errorf("old slug %s has no RetiredAt", o.Slug)
		}
		out = append(out, o.Slug)
	}
	return out
}

// byOldSlug is the slug of the show ShowByOldSlug finds, or "" with
// ErrNotFound.
func byOldSlug(t *testing.T, st catalog.Store, slug string) string {
	t.Helper()
	s, err := st.ShowByOldSlug(ctx(t), slug)
	if isNotFound(err) {
		return ""
	}
	if err != nil {
		t.Fatalf("ShowByOldSlug(%s): %v", slug, err)
	}
	return s.Slug
}

// testSlugHistory: renames a -> b -> c keep a and b as the show's old
// slugs, both leading to c; a slug the show has now is not an old one;
// renaming back to an old slug makes it current again; an edit that keeps
// the slug adds nothing.
func testSlugHistory(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "a")
	same(t, "old slugs of a new show", oldSlugs(t, st, s.ID), []string{})
	if err := rename(t, st, s, "a"); err != nil {
		t.Fatalf("edit keeping the slug: %v", err)
	}
	same(t, "old slugs after an edit", oldSlugs(t, st, s.ID), []string{})
	for _, slug := range []string{"b", "c"} {
		if err := rename(t, st, s, slug); err != nil {
			t.Fatalf("rename to %s: %v", slug, err)
		}
	}
	same(t, "old slugs after a -> b -> c", oldSlugs(t, st, s.ID), []string{"b", "a"})
	for slug, want := range map[string]string{"a": "c", "b": "c", "c": "", "zz": ""} {
		if got := byOldSlug(t, st, slug); got != want {
			t.Errorf("ShowByOldSlug(%s) found %q, want %q", slug, got, want)
		}
	}
	if _, err := st.GetShow(ctx(t), "a"); !isNotFound(err) {
		t.Errorf("GetShow(old slug): %v, want ErrNotFound", err)
	}

	if err := rename(t, st, s, "a"); err != nil {
		t.Fatalf("rename back to a: %v", err)
	}
	same(t, "old slugs after c -> a", oldSlugs(t, st, s.ID), []string{"c", "b"})
	if got := byOldSlug(t, st, "a"); got != "" {
		t.Errorf("ShowByOldSlug(current slug) found %q", got)
	}
	if got := byOldSlug(t, st, "c"); got != "a" {
		t.Errorf("ShowByOldSlug(c) found %q, want a", got)
	}

	// FindShow takes the current slug and old ones; FindShowOrID an id too.
	for _, name := range []string{"a", "b", "c", s.ID} {
		got, err := catalog.FindShowOrID(ctx(t), st, name)
		if err != nil || got.ID != s.ID {
			t.Errorf("FindShowOrID(%s): %v, %v", name, got, err)
		}
		if _, err := catalog.FindShow(ctx(t), st, name); (err == nil) != (name != s.ID) {
			t.Errorf("FindShow(%s): %v", name, err)
		}
	}
	if _, err := catalog.FindShowOrID(ctx(t), st, "zz"); !isNotFound(err) {
		t.Errorf("FindShowOrID(unknown): %v, want ErrNotFound", err)
	}
}

// testSlugConflicts: another show's old slug cannot be taken, by creating
// or renaming, until that show is deleted; AddOldSlug keeps to the same
// rule.
func testSlugConflicts(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "first")
	if err := rename(t, st, s, "second"); err != nil {
		t.Fatal(err)
	}
	other := mustCreateShow(t, st, "other")
	tests := []struct {
		name string
		do   func() error
	}{
		{"create with an old slug", func() error { return st.CreateShow(ctx(t), fullShow("first")) }},
		{"rename to an old slug", func() error { return rename(t, st, other, "first") }},
		{"rename to a current slug", func() error { return rename(t, st, other, "second") }},
		{"add another show's old slug", func() error {
			return st.AddOldSlug(ctx(t), other.ID, catalog.OldSlug{Slug: "first", RetiredAt: at(0)})
		}},
		{"add another show's current slug", func() error {
			return st.AddOldSlug(ctx(t), other.ID, catalog.OldSlug{Slug: "second", RetiredAt: at(0)})
		}},
	}
	for _, tc := range tests {
		isErr(t, tc.name, tc.do(), catalog.ErrConflict)
	}
	got, err := st.GetShowByID(ctx(t), other.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "show after failed renames", got, other)
	same(t, "old slugs of the other show", oldSlugs(t, st, other.ID), []string{})
	isErr(t, "AddOldSlug of an unknown show",
		st.AddOldSlug(ctx(t), "nope", catalog.OldSlug{Slug: "free", RetiredAt: at(0)}), catalog.ErrNotFound)

	// AddOldSlug records history as it was, and again changes nothing.
	for range 2 {
		if err := st.AddOldSlug(ctx(t), other.ID, catalog.OldSlug{Slug: "earlier", RetiredAt: at(0)}); err != nil {
			t.Fatalf("AddOldSlug: %v", err)
		}
	}
	for _, slug := range []string{"first", "second"} {
		if err := st.AddOldSlug(ctx(t), s.ID, catalog.OldSlug{Slug: slug, RetiredAt: at(0)}); err != nil {
			t.Errorf("AddOldSlug(%s) the show has or had: %v", slug, err)
		}
	}
	olds, err := st.OldSlugs(ctx(t), other.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "added old slugs", olds, []catalog.OldSlug{{Slug: "earlier", RetiredAt: stored(at(0))}})
	same(t, "old slugs after adding what the show has", oldSlugs(t, st, s.ID), []string{"first"})
	if got := byOldSlug(t, st, "earlier"); got != "other" {
		t.Errorf("ShowByOldSlug(added) found %q, want other", got)
	}

	// Releasing an old slug frees it for anyone; only the show's own old
	// slugs can be released.
	isErr(t, "release another show's old slug", st.ReleaseOldSlug(ctx(t), other.ID, "first"), catalog.ErrNotFound)
	isErr(t, "release the current slug", st.ReleaseOldSlug(ctx(t), s.ID, "second"), catalog.ErrNotFound)
	isErr(t, "release an unknown slug", st.ReleaseOldSlug(ctx(t), s.ID, "never"), catalog.ErrNotFound)
	if err := st.ReleaseOldSlug(ctx(t), other.ID, "earlier"); err != nil {
		t.Fatalf("ReleaseOldSlug: %v", err)
	}
	same(t, "old slugs after release", oldSlugs(t, st, other.ID), []string{})
	if got := byOldSlug(t, st, "earlier"); got != "" {
		t.Errorf("ShowByOldSlug(released) found %q", got)
	}
	if err := rename(t, st, s, "earlier"); err != nil {
		t.Errorf("rename to a released slug: %v", err)
	}
	if err := rename(t, st, s, "second"); err != nil {
		t.Fatal(err)
	}

	// Deleting the show frees its slugs, old and current.
	if err := st.DeleteShow(ctx(t), s.ID); err != nil {
		t.Fatal(err)
	}
	if got := byOldSlug(t, st, "first"); got != "" {
		t.Errorf("ShowByOldSlug after delete found %q", got)
	}
	if err := rename(t, st, other, "first"); err != nil {
		t.Errorf("rename to a deleted show's old slug: %v", err)
	}
	if err := st.CreateShow(ctx(t), fullShow("second")); err != nil {
		t.Errorf("create with a deleted show's slug: %v", err)
	}
}

// testSlugRace: shows renamed to one slug at the same time, and shows
// created with it, end with exactly one of them holding it.
func testSlugRace(t *testing.T, st catalog.Store) {
	const n = 8
	var shows []*catalog.Show
	for i := range n {
		shows = append(shows, mustCreateShow(t, st, fmt.Sprintf("s%d", i)))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := range n {
		wg.Go(func() { u := *shows[i]; u.Slug = "wanted"; errs <- st.UpdateShow(ctx(t), &u) })
		wg.Go(func() { errs <- st.CreateShow(ctx(t), fullShow("wanted")) })
	}
	wg.Wait()
	close(errs)
	won := 0
	for err := range errs {
		switch {
		case err == nil:
			won++
		case !isConflict(err):
			t.Errorf("racing for a slug: %v, want nil or ErrConflict", err)
		}
	}
	if won != 1 {
		t.Errorf("%d writers got the slug, want 1", won)
	}
	if _, err := st.GetShow(ctx(t), "wanted"); err != nil {
		t.Errorf("GetShow(wanted): %v", err)
	}
}
