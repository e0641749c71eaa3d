package web

import (
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// adminState is what the dashboard keeps in memory.
type adminState struct {
	limiter *signInLimiter
}

// dummyHash is checked against when an email has no account, so a failed
// sign-in takes as long either way. Made on first use: hashing takes a
// tenth of a second, which every server start (and test) need not pay.
var dummyHash = sync.OnceValue(func() string {
	h, _ := catalog.HashPassword("not a real password, only for timing")
	return h
})

// routesAdmin registers the dashboard under /admin.
func (s *Server) routesAdmin(r *gin.Engine, api *gin.RouterGroup) {
	s.admin = &adminState{limiter: newSignInLimiter(s.Store, s.Log, 5, 15*time.Minute)}

	a := r.Group("/admin", s.noStore, s.LoadSession, s.CheckCSRF)
	a.GET("/signin", s.Handle(s.signInPage))
	a.POST("/signin", s.Handle(s.signInPost))
	a.POST("/signout", s.Handle(s.signOutPost))

	u := a.Group("", s.requireUser)
	u.GET("", s.Handle(s.dashboardHome))
	s.routesAdminShows(u)
	s.routesAdminEpisodes(u)
	s.routesAdminTokens(u.Group("", s.requireAdmin))
}

// noStore keeps dashboard pages, which hold CSRF tokens and private data,
// out of shared caches and the back-forward cache.
func (s *Server) noStore(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Header("X-Frame-Options", "DENY")
	c.Header("Referrer-Policy", "same-origin")
	c.Next()
}

func (s *Server) signInPage(c *gin.Context) error {
	if httpx.CurrentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
		return nil
	}
	return s.renderAdmin(c, http.StatusOK, "signin", "Sign in", gin.H{"Next": c.Query("next")})
}

func (s *Server) signInPost(c *gin.Context) error {
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

func (s *Server) signOutPost(c *gin.Context) error {
	if err := s.signOut(c); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/admin/signin")
	return nil
}
