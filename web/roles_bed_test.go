package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// roleFixture is what one request of the table works on, made anew for
// each: a show with an old slug, its episode with an article, a token,
// and for upload routes an upload.
type roleFixture struct {
	show    *catalog.Show
	oldSlug string
	ep      *catalog.Episode
	article *catalog.Article
	tokenID string
	upload  string
	// elsewhereEp is an episode of the other editor's show.
	elsewhereEp *catalog.Episode
}

// roleBed is a server with an admin, an editor of the fixture's show (given
// each new fixture's) and an editor of another show.
type roleBed struct {
	e                  *adminEnv
	admin, this, other *catalog.User
	token              string
	audio, cover       []byte
	n                  int
	elsewhere          *catalog.Show
	t                  *testing.T
}

func newRoleBed(t *testing.T) *roleBed {
	e := newAdminEnv(t, nil)
	elsewhere := e.show(t, "elsewhere")
	return &roleBed{e: e, t: t, elsewhere: elsewhere,
		admin: e.user(t, "boss@example.com", "boss-password", catalog.RoleAdmin),
		this:  e.user(t, "this@example.com", "this-password", catalog.RoleEditor),
		other: e.user(t, "other@example.com", "other-password", catalog.RoleEditor, elsewhere),
		token: e.token(t), audio: readFixture(t, "mp3_cbr_id3v23_apic.mp3"),
		cover: readFixture(t, "../cmd/onair/demo/cover.jpg")}
}

// fixture makes the next fixture and gives its show to the editor of this show.
func (b *roleBed) fixture(t *testing.T, withUpload bool) *roleFixture {
	ctx := t.Context()
	b.n++
	slug := fmt.Sprintf("s%d", b.n)
	fx := &roleFixture{show: b.e.show(t, slug+"-old"), oldSlug: slug + "-old"}
	fx.show.Slug = slug
	sh, err := b.e.srv.pub.UpdateShow(ctx, fx.show, nil)
	noErr(t, err)
	fx.show = sh
	fx.ep = &catalog.Episode{ShowID: sh.ID, Title: "Episode", Status: catalog.StatusPublished, Type: catalog.EpisodeFull,
		PublishedAt: time.Now().Add(-time.Hour)}
	noErr(t, b.e.store.CreateEpisode(ctx, fx.ep))
	fx.elsewhereEp = &catalog.Episode{ShowID: b.elsewhere.ID, Title: "Elsewhere", Status: catalog.StatusPublished,
		Type: catalog.EpisodeFull, PublishedAt: time.Now().Add(-time.Hour)}
	noErr(t, b.e.store.CreateEpisode(ctx, fx.elsewhereEp))
	fx.article = &catalog.Article{URL: "https://news.example/" + slug, Title: "Article"}
	noErr(t, b.e.store.CreateArticle(ctx, fx.article))
	noErr(t, b.e.store.SetEpisodeArticles(ctx, fx.ep.ID, []string{fx.article.ID}))
	_, tok := catalog.NewToken("fixture " + slug)
	noErr(t, b.e.store.CreateToken(ctx, tok))
	fx.tokenID = tok.ID
	b.this.ShowIDs = []string{sh.ID}
	noErr(t, b.e.store.UpdateUser(ctx, b.this))
	if withUpload {
		u, err := tokenClient(b.token).Create(ctx, b.e.url+"/api/v1/uploads/", int64(len(b.audio)),
			map[string]string{"show": slug, "sha256": sha(b.audio)})
		noErr(t, err)
		fx.upload = u[strings.LastIndex(u, "/")+1:]
	}
	return fx
}

// path fills in the fixture's names in the route r.
func (fx *roleFixture) path(r dashRoute) string {
	p := r.path
	id := fx.ep.ID
	switch {
	case r.elsewhere:
		id = fx.elsewhereEp.ID
	case strings.HasPrefix(p, "/admin/tokens/"):
		id = fx.tokenID
	case strings.HasPrefix(p, "/api/v1/articles/"):
		id = fx.article.ID
	case strings.HasPrefix(p, "/api/v1/uploads/"):
		id = fx.upload
	}
	return strings.NewReplacer(":show", fx.show.Slug, ":id", id, ":slug", fx.oldSlug).Replace(p)
}

// state is what the fixture has stored, to tell that a refused request
// changed nothing.
func (b *roleBed) state(t *testing.T, fx *roleFixture) string {
	ctx := t.Context()
	var out []string
	add := func(v any, err error) { out = append(out, fmt.Sprintf("%+v %v", v, err)) }
	sh, err := b.e.store.GetShowByID(ctx, fx.show.ID)
	add(sh.Slug+" "+sh.Title, err)
	old, err := b.e.store.ShowByOldSlug(ctx, fx.oldSlug)
	add(old != nil, err)
	ep, err := b.e.store.GetEpisode(ctx, fx.ep.ID)
	if ep != nil {
		add(ep.Title+" "+ep.Status+" "+ep.Audio.Key+fmt.Sprint(len(ep.Articles)), err)
	}
	a, err := b.e.store.GetArticle(ctx, fx.article.ID)
	if a != nil {
		add(a.Title, err)
	}
	toks, err := b.e.store.ListTokens(ctx)
	add(len(toks), err)
	shows, err := b.e.store.ListShows(ctx)
	add(len(shows), err)
	return strings.Join(out, "\n")
}

// session is a browser signed in as u (nil: not signed in) and its CSRF token.
func (b *roleBed) session(t *testing.T, u *catalog.User) (*http.Client, string) {
	c := browser(t)
	if u != nil {
		secret := httpx.NewSecret()
		now := time.Now()
		noErr(t, b.e.store.CreateSession(t.Context(), &catalog.Session{Hash: httpx.HashSecret(secret), UserID: u.ID,
			CreatedAt: now, ExpiresAt: now.Add(time.Hour)}))
		base, _ := url.Parse(b.e.url)
		c.Jar.SetCookies(base, []*http.Cookie{{Name: httpx.SessionCookie, Value: secret, Path: "/"}})
	}
	_, _, tok := b.e.page(t, c, "/admin/signin")
	if u != nil {
		_, _, tok = b.e.page(t, c, "/admin")
	}
	if tok == "" {
		t.Fatal("no CSRF token")
	}
	return c, tok
}
