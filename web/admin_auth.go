package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// Dashboard sessions: the cookie holds a random secret, the store only its
// SHA-256. The CSRF token of a page is an HMAC of that secret, so it needs
// no storage and a cross-site page, which cannot read the cookie, cannot
// compute it. Before sign-in a separate random cookie plays the same role,
// so the sign-in form is protected too.
const (
	preSessionCookie = "onair_pre"
	sessionTTL       = 14 * 24 * time.Hour
	csrfField        = "csrf"
	csrfHeader       = "X-CSRF-Token"
	ctxUser          = "admin_user"
	ctxCSRF          = "admin_csrf"
)

var (
	errCSRF         = httpx.NewError(http.StatusForbidden, "csrf", "the form has expired or did not come from this site; reload the page and try again")
	errForbidden    = httpx.NewError(http.StatusForbidden, "forbidden", "you may not change this")
	errSignInFailed = httpx.NewError(http.StatusUnauthorized, "sign_in_failed", "wrong email or password")
	errTooMany      = httpx.NewError(http.StatusTooManyRequests, "too_many_attempts", "too many sign-in attempts; wait a few minutes")
)

func newSecret() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func csrfFor(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("onair-csrf"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// secureCookies reports whether cookies get the Secure flag: when the
// public address is https.
func (s *Server) secureCookies() bool { return strings.HasPrefix(s.Cfg.BaseURL, "https://") }

func (s *Server) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode,
	})
}

// loadSession puts the signed-in user and the CSRF token into c. Without a
// valid session it sets the pre-session cookie the sign-in form uses.
func (s *Server) loadSession(c *gin.Context) {
	if ck, err := c.Cookie(httpx.SessionCookie); err == nil && ck != "" {
		sess, err := s.Store.GetSession(c.Request.Context(), httpx.HashSecret(ck))
		if err == nil && s.Now().Before(sess.ExpiresAt) {
			if u, err := s.Store.GetUser(c.Request.Context(), sess.UserID); err == nil {
				c.Set(ctxUser, u)
				c.Set(ctxCSRF, csrfFor(ck))
				c.Next()
				return
			}
		}
	}
	pre, err := c.Cookie(preSessionCookie)
	if err != nil || len(pre) < 40 {
		pre = newSecret()
		s.setCookie(c, preSessionCookie, pre, 0)
	}
	c.Set(ctxCSRF, csrfFor(pre))
	c.Next()
}

// checkCSRF refuses an unsafe request whose form field or header does not
// carry the page's CSRF token.
func (s *Server) checkCSRF(c *gin.Context) {
	if !csrfOK(c) {
		s.WriteError(c, errCSRF)
		return
	}
	c.Next()
}

// csrfOK reports whether c is a safe method or carries the CSRF token in
// the X-CSRF-Token header or the csrf form field.
func csrfOK(c *gin.Context) bool {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	got := c.GetHeader(csrfHeader)
	if got == "" && !strings.HasPrefix(c.Request.URL.Path, "/api/") {
		got = c.PostForm(csrfField)
	}
	want := c.GetString(ctxCSRF)
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// currentUser is the signed-in user, nil when there is none.
func currentUser(c *gin.Context) *catalog.User {
	u, _ := c.Get(ctxUser)
	user, _ := u.(*catalog.User)
	return user
}

// requireUser sends a visitor who is not signed in to the sign-in page.
func (s *Server) requireUser(c *gin.Context) {
	if currentUser(c) == nil {
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
func (s *Server) requireAdmin(c *gin.Context) {
	if u := currentUser(c); u == nil || !u.IsAdmin() {
		s.WriteError(c, errForbidden)
		return
	}
	c.Next()
}

// signIn checks the email and password, rate-limited per client address and
// email, and starts a session.
func (s *Server) signIn(c *gin.Context, email, password string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	// ClientIP believes X-Forwarded-For only from --trusted-proxies, so a
	// client cannot pick its own address to dodge the limit.
	key := c.ClientIP() + "|" + email
	ctx := c.Request.Context()
	if !s.admin.limiter.begin(ctx, key, s.Now()) {
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
	s.admin.limiter.reset(ctx, key)
	secret := newSecret()
	now := s.Now()
	sess := &catalog.Session{Hash: httpx.HashSecret(secret), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(sessionTTL)}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return err
	}
	s.setCookie(c, httpx.SessionCookie, secret, int(sessionTTL/time.Second))
	return nil
}

// signOut ends the session and clears the cookie.
func (s *Server) signOut(c *gin.Context) error {
	if ck, err := c.Cookie(httpx.SessionCookie); err == nil && ck != "" {
		if err := s.Store.DeleteSession(c.Request.Context(), httpx.HashSecret(ck)); err != nil {
			return err
		}
	}
	s.setCookie(c, httpx.SessionCookie, "", -1)
	return nil
}

// safeNext keeps a post-sign-in redirect on the dashboard.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/admin") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/admin"
}
