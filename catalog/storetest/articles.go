package storetest

import (
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

func testEpisodeArticles(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	e := mustCreateEpisode(t, st, s.ID, "e", at(0), catalog.StatusPublished)
	a := mustCreateArticle(t, st, "https://news.example/a", at(0))
	b := mustCreateArticle(t, st, "https://news.example/b", at(time.Hour))
	c := mustCreateArticle(t, st, "https://news.example/c", time.Time{})
	tests := []struct {
		name string
		set  []string
		want []string
	}{
		{"in the given order", []string{c.ID, a.ID, b.ID}, []string{c.ID, a.ID, b.ID}},
		{"reordered", []string{b.ID, c.ID, a.ID}, []string{b.ID, c.ID, a.ID}},
		{"fewer", []string{a.ID}, []string{a.ID}},
		{"repeats count once, first place", []string{b.ID, a.ID, b.ID}, []string{b.ID, a.ID}},
		{"none", nil, []string{}},
		{"again", []string{a.ID, b.ID}, []string{a.ID, b.ID}},
	}
	for _, tc := range tests {
		if err := st.SetEpisodeArticles(ctx(t), e.ID, tc.set); err != nil {
			t.Fatalf("%s: SetEpisodeArticles: %v", tc.name, err)
		}
		got, err := st.GetEpisode(ctx(t), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		same(t, tc.name, ids(ptrs(got.Articles), arID), tc.want)
	}
	got, err := st.GetEpisode(ctx(t), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "linked article", got.Articles[0], *a)
}

func testEpisodeArticlesUnknown(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	e := mustCreateEpisode(t, st, s.ID, "e", at(0), catalog.StatusPublished)
	a := mustCreateArticle(t, st, "https://news.example/a", at(0))
	b := mustCreateArticle(t, st, "https://news.example/b", at(0))
	if err := st.SetEpisodeArticles(ctx(t), e.ID, []string{a.ID}); err != nil {
		t.Fatal(err)
	}
	v := version(t, st, s.ID)
	err := st.SetEpisodeArticles(ctx(t), e.ID, []string{b.ID, "nope", a.ID})
	isErr(t, "unknown article", err, catalog.ErrNotFound)
	got, err := st.GetEpisode(ctx(t), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "articles after failed set", ids(ptrs(got.Articles), arID), []string{a.ID})
	if nv := version(t, st, s.ID); nv != v {
		t.Errorf("failed SetEpisodeArticles bumped the version %d -> %d", v, nv)
	}
}

func testArticleCRUD(t *testing.T, st catalog.Store) {
	a := &catalog.Article{URL: "https://news.example/x?id=1&b=2", Title: "T", Summary: "S", ImageURL: "https://i.example/x.jpg", PublishedAt: at(0)}
	if err := st.CreateArticle(ctx(t), a); err != nil {
		t.Fatalf("CreateArticle: %v", err)
	}
	if a.ID == "" || a.CreatedAt.IsZero() || !a.PublishedAt.Equal(stored(at(0))) {
		t.Errorf("CreateArticle filled %+v", a)
	}
	got, err := st.GetArticle(ctx(t), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "GetArticle", got, a)
	got, err = st.GetArticleByURL(ctx(t), a.URL)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "GetArticleByURL", got, a)

	u := *a
	u.URL, u.Title, u.Summary, u.ImageURL, u.PublishedAt = "https://news.example/y", "T2", "", "", time.Time{}
	u.CreatedAt = base
	if err := st.UpdateArticle(ctx(t), &u); err != nil {
		t.Fatalf("UpdateArticle: %v", err)
	}
	want := u
	want.CreatedAt = a.CreatedAt
	got, err = st.GetArticle(ctx(t), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "after UpdateArticle", got, &want)
	if _, err := st.GetArticleByURL(ctx(t), a.URL); !isNotFound(err) {
		t.Errorf("old URL after update: %v, want ErrNotFound", err)
	}

	if err := st.DeleteArticle(ctx(t), a.ID); err != nil {
		t.Fatalf("DeleteArticle: %v", err)
	}
	nf := []struct {
		name string
		do   func() error
	}{
		{"GetArticle", func() error { _, err := st.GetArticle(ctx(t), a.ID); return err }},
		{"GetArticleByURL", func() error { _, err := st.GetArticleByURL(ctx(t), u.URL); return err }},
		{"UpdateArticle", func() error { return st.UpdateArticle(ctx(t), &u) }},
		{"DeleteArticle", func() error { return st.DeleteArticle(ctx(t), a.ID) }},
	}
	for _, tc := range nf {
		isErr(t, tc.name, tc.do(), catalog.ErrNotFound)
	}
}

func testArticleConflicts(t *testing.T, st catalog.Store) {
	a := mustCreateArticle(t, st, "https://news.example/a", at(0))
	b := mustCreateArticle(t, st, "https://news.example/b", at(0))
	err := st.CreateArticle(ctx(t), &catalog.Article{URL: a.URL, Title: "dup"})
	isErr(t, "create with taken URL", err, catalog.ErrConflict)
	err = st.CreateArticle(ctx(t), &catalog.Article{ID: a.ID, URL: "https://news.example/c"})
	isErr(t, "create with taken id", err, catalog.ErrConflict)
	u := *b
	u.URL = a.URL
	isErr(t, "update to taken URL", st.UpdateArticle(ctx(t), &u), catalog.ErrConflict)
	got, err := st.GetArticle(ctx(t), b.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "article after failed update", got, b)
}

func testListArticles(t *testing.T, st catalog.Store) {
	old := mustCreateArticle(t, st, "https://news.example/2020/budget", at(-48*time.Hour))
	mid := mustCreateArticle(t, st, "https://news.example/2021/Weather", at(-24*time.Hour))
	pct := &catalog.Article{URL: "https://news.example/rates", Title: "Rates rise 5% (BUDGET_2025)", PublishedAt: at(0)}
	if err := st.CreateArticle(ctx(t), pct); err != nil {
		t.Fatal(err)
	}
	uml := mustCreateArticle(t, st, "https://news.example/wahl", at(-72*time.Hour))
	uml.Title = "Über die Wahl in Köln"
	if err := st.UpdateArticle(ctx(t), uml); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		limit int
		want  []*catalog.Article
	}{
		{"", 0, []*catalog.Article{pct, mid, old, uml}},
		{"", 2, []*catalog.Article{pct, mid}},
		{"über", 0, []*catalog.Article{uml}},
		{"KÖLN", 0, []*catalog.Article{uml}},
		{"budget", 0, []*catalog.Article{pct, old}},
		{"BUDGET", 0, []*catalog.Article{pct, old}},
		{"weather", 0, []*catalog.Article{mid}},
		{"5%", 0, []*catalog.Article{pct}},
		{"t_2", 0, []*catalog.Article{pct}},
		{"_", 0, []*catalog.Article{pct}},
		{"%", 0, []*catalog.Article{pct}},
		{"nothing like it", 0, nil},
	}
	for _, tc := range tests {
		got, err := st.ListArticles(ctx(t), tc.query, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "ListArticles("+tc.query+")", ids(got, arID), ids(tc.want, arID))
	}
}

func testDeleteArticleUnlinks(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "s")
	e := mustCreateEpisode(t, st, s.ID, "e", at(0), catalog.StatusPublished)
	a := mustCreateArticle(t, st, "https://news.example/a", at(0))
	b := mustCreateArticle(t, st, "https://news.example/b", at(0))
	if err := st.SetEpisodeArticles(ctx(t), e.ID, []string{a.ID, b.ID}); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteArticle(ctx(t), a.ID); err != nil {
		t.Fatal(err)
	}
	got, err := st.GetEpisode(ctx(t), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "articles after deleting one", ids(ptrs(got.Articles), arID), []string{b.ID})
	if n, _ := st.CountEpisodes(ctx(t), catalog.EpisodeFilter{ArticleID: a.ID}); n != 0 {
		t.Errorf("deleted article still linked to %d episodes", n)
	}
}
