// Package admin is the dashboard under /admin: sign-in with sessions and
// CSRF tokens, shows, episodes and their related articles, API tokens and
// download stats, as HTML forms for admins and for editors of their shows.
// Changes go through package publish, as the API's do.
package admin

import (
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/importer"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/feedsrv"
	"github.com/onair-fm/onair/web/httpx"
)

// Dashboard serves the dashboard. Make one with New.
type Dashboard struct {
	*httpx.Env
	pub       *publish.Service
	feeds     *feedsrv.Feeds // the feed check's findings on show and episode pages
	uploadsOn bool           // the resumable uploads the episode form uses are served
	limiter   *signInLimiter
	// Imports runs imports from other hosts' feeds (set by web.New).
	Imports *importer.Jobs
}

// New returns the dashboard over env, publishing through pub. uploadsOn
// says whether the resumable uploads its episode form sends to are served.
func New(env *httpx.Env, pub *publish.Service, feeds *feedsrv.Feeds, uploadsOn bool) *Dashboard {
	return &Dashboard{Env: env, pub: pub, feeds: feeds, uploadsOn: uploadsOn,
		limiter: newSignInLimiter(env.Store, env.Log, 5, 15*time.Minute)}
}

// dummyHash is checked against when an email has no account, so a failed
// sign-in takes as long either way. Made on first use: hashing takes a
// tenth of a second, which every server start (and test) need not pay.
var dummyHash = sync.OnceValue(func() string {
	h, _ := catalog.HashPassword("not a real password, only for timing")
	return h
})

// Routes registers the dashboard under /admin.
func (s *Dashboard) Routes(r *gin.Engine) {

	a := r.Group("/admin", s.noStore, s.LoadSession, s.CheckCSRF)
	a.GET("/signin", s.Handle(s.signInPage))
	a.POST("/signin", s.Handle(s.signInPost))
	a.POST("/signout", s.Handle(s.signOutPost))
	// Anyone may post these: their bodies are capped at what they need.
	s.SetBodyLimit(http.MethodPost, "/admin/signin", httpx.SignInBody)
	s.SetBodyLimit(http.MethodPost, "/admin/signout", httpx.SignInBody)

	u := a.Group("", s.requireUser)
	u.GET("", s.Handle(s.dashboardHome))
	s.routesAdminShows(u)
	s.routesAdminEpisodes(u)
	s.routesAdminNetwork(u)
	s.routesAdminSubscribers(u)
	s.routesAdminTokens(u.Group("", s.requireAdmin))
	s.routesAdminImports(u.Group("", s.requireAdmin))
}

// noStore keeps dashboard pages, which hold CSRF tokens and private data,
// out of shared caches and the back-forward cache.
func (s *Dashboard) noStore(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Header("X-Frame-Options", "DENY")
	c.Header("Referrer-Policy", "same-origin")
	c.Next()
}

func (s *Dashboard) signInPage(c *gin.Context) error {
	if httpx.CurrentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
		return nil
	}
	return s.renderAdmin(c, http.StatusOK, "signin", "Sign in", gin.H{"Next": c.Query("next")})
}

func (s *Dashboard) signInPost(c *gin.Context) error {
	err := s.signIn(c, c.PostForm("email"), c.PostForm("password"))
	if err != nil {
		he := httpx.ToHTTP(err)
		if he.Status >= 500 {
			return err
		}
		return s.renderAdmin(c, he.Status, "signin", "Sign in",
			gin.H{"Next": c.PostForm("next"), "Email": c.PostForm("email"), "Error": he.Message})
	}
	c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next")))
	return nil
}

func (s *Dashboard) signOutPost(c *gin.Context) error {
	if err := s.signOut(c); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/admin/signin")
	return nil
}
