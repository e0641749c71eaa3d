package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// sessionTTL is how long a dashboard session lasts (httpx/session.go).
const sessionTTL = 14 * 24 * time.Hour

var (
	errSignInFailed = httpx.NewError(http.StatusUnauthorized, "sign_in_failed", "wrong email or password")
	errTooMany      = httpx.NewError(http.StatusTooManyRequests, "too_many_attempts", "too many sign-in attempts; wait a few minutes")
)

// requireUser sends a visitor who is not signed in to the sign-in page.
func (s *Dashboard) requireUser(c *gin.Context) {
	if httpx.CurrentUser(c) == nil {
		if c.Request.Method == http.MethodGet {
			c.Redirect(http.StatusSeeOther, "/admin/signin?next="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
			return
		}
		s.WriteError(c, httpx.NewError(http.StatusUnauthorized, "unauthorized", "sign in first"))
		return
	}
	c.Next()
}

// requireAdmin lets only admins through.
func (s *Dashboard) requireAdmin(c *gin.Context) {
	if u := httpx.CurrentUser(c); u == nil || !u.IsAdmin() {
		s.WriteError(c, httpx.ErrForbidden)
		return
	}
	c.Next()
}

// signIn checks the email and password, rate-limited per client address and
// email, and starts a session.
func (s *Dashboard) signIn(c *gin.Context, email, password string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	// ClientIP believes X-Forwarded-For only from --trusted-proxies, so a
	// client cannot pick its own address to dodge the limit.
	key := c.ClientIP() + "|" + email
	ctx := c.Request.Context()
	if !s.limiter.begin(ctx, key, s.Now()) {
		return errTooMany
	}
	u, err := s.Store.GetUserByEmail(ctx, email)
	if errors.Is(err, catalog.ErrNotFound) {
		// Spend the same time as a real check, so timing does not tell
		// which emails have accounts.
		catalog.CheckPassword(dummyHash(), password)
		return errSignInFailed
	}
	if err != nil {
		return err
	}
	ok, err := catalog.CheckPassword(u.PasswordHash, password)
	if err != nil || !ok {
		return errSignInFailed
	}
	s.limiter.reset(ctx, key)
	secret := httpx.NewSecret()
	now := s.Now()
	sess := &catalog.Session{Hash: httpx.HashSecret(secret), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(sessionTTL)}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return err
	}
	s.SetCookie(c, httpx.SessionCookie, secret, int(sessionTTL/time.Second))
	return nil
}

// signOut ends the session and clears the cookie.
func (s *Dashboard) signOut(c *gin.Context) error {
	if ck, err := c.Cookie(httpx.SessionCookie); err == nil && ck != "" {
		if err := s.Store.DeleteSession(c.Request.Context(), httpx.HashSecret(ck)); err != nil {
			return err
		}
	}
	s.SetCookie(c, httpx.SessionCookie, "", -1)
	return nil
}

// safeNext keeps a post-sign-in redirect on the dashboard.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/admin") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/admin"
}
