package admin

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

func (s *Dashboard) routesAdminTokens(a *gin.RouterGroup) {
	a.GET("/tokens", s.Handle(s.tokensPage))
	a.POST("/tokens", s.Handle(s.tokenCreate))
	a.POST("/tokens/:id/revoke", s.Handle(s.tokenRevoke))
}

func (s *Dashboard) tokensPage(c *gin.Context) error {
	return s.renderTokens(c, http.StatusOK, "", nil)
}

// renderTokens lists the tokens; secret is a just-created token's secret,
// shown this once and never again.
func (s *Dashboard) renderTokens(c *gin.Context, status int, secret string, formErr error) error {
	ts, err := s.Store.ListTokens(c.Request.Context())
	if err != nil {
		return err
	}
	data := gin.H{"Tokens": ts, "Secret": secret, "Server": s.Cfg.BaseURL}
	if formErr != nil {
		he := httpx.ToHTTP(formErr)
		data["Error"], status = he.Message, he.Status
	}
	return s.renderAdmin(c, status, "tokens", "API tokens", data)
}

func (s *Dashboard) tokenCreate(c *gin.Context) error {
	name := strings.TrimSpace(c.PostForm("name"))
	if name == "" || len(name) > 100 {
		return s.renderTokens(c, 0, "", catalog.Invalidf("give the token a name of up to 100 characters, e.g. the CMS that will use it"))
	}
	secret, t := catalog.NewToken(name)
	t.CreatedAt = s.Now()
	if err := s.Store.CreateToken(c.Request.Context(), t); err != nil {
		return err
	}
	// Rendered, not redirected: the secret must not end up in a URL or
	// in the history.
	return s.renderTokens(c, http.StatusCreated, secret, nil)
}

func (s *Dashboard) tokenRevoke(c *gin.Context) error {
	if err := s.Store.DeleteToken(c.Request.Context(), c.Param("id")); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/admin/tokens?ok=revoked")
	return nil
}
