package httpx

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
)

// Dashboard sessions: the cookie holds a random secret, the store only its
// SHA-256. The CSRF token of a page is an HMAC of that secret, so it needs
// no storage and a cross-site page, which cannot read the cookie, cannot
// compute it. Before sign-in a separate random cookie plays the same role,
// so the sign-in form is protected too.
const (
	preSessionCookie = "onair_pre"
	csrfField        = "csrf"
	// CSRFHeader carries the CSRF token of a request made by the dashboard's script.
	CSRFHeader = "X-CSRF-Token"
	ctxUser    = "admin_user"
	CtxCSRF    = "admin_csrf"
)

var (
	ErrCSRF      = NewError(http.StatusForbidden, "csrf", "the form has expired or did not come from this site; reload the page and try again")
	ErrForbidden = NewError(http.StatusForbidden, "forbidden", "you may not change this")
)

// NewSecret is 256 random bits, URL-safe: a session or pre-session secret.
func NewSecret() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func csrfFor(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("onair-csrf"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// SecureCookies reports whether cookies get the Secure flag: when the
// public address is https.
func (s *Env) SecureCookies() bool { return strings.HasPrefix(s.Cfg.BaseURL, "https://") }

// SetCookie sets an HttpOnly, SameSite=Lax cookie for the whole site,
// Secure when the public address is https.
func (s *Env) SetCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.SecureCookies(), SameSite: http.SameSiteLaxMode,
	})
}

// LoadSession puts the signed-in user and the CSRF token into c. Without a
// valid session it sets the pre-session cookie the sign-in form uses.
func (s *Env) LoadSession(c *gin.Context) {
	if ck, err := c.Cookie(SessionCookie); err == nil && ck != "" {
		sess, err := s.Store.GetSession(c.Request.Context(), HashSecret(ck))
		if err == nil && s.Now().Before(sess.ExpiresAt) {
			if u, err := s.Store.GetUser(c.Request.Context(), sess.UserID); err == nil {
				c.Set(ctxUser, u)
				c.Set(CtxCSRF, csrfFor(ck))
				c.Next()
				return
			}
		}
	}
	pre, err := c.Cookie(preSessionCookie)
	if err != nil || len(pre) < 40 {
		pre = NewSecret()
		s.SetCookie(c, preSessionCookie, pre, 0)
	}
	c.Set(CtxCSRF, csrfFor(pre))
	c.Next()
}

// CheckCSRF refuses an unsafe request whose form field or header does not
// carry the page's CSRF token.
func (s *Env) CheckCSRF(c *gin.Context) {
	if err := parseForm(c); err != nil {
		s.WriteError(c, err)
		return
	}
	if !CSRFOK(c) {
		s.WriteError(c, ErrCSRF)
		return
	}
	c.Next()
}

// CSRFOK reports whether c is a safe method or carries the CSRF token in
// the X-CSRF-Token header or the csrf form field.
func CSRFOK(c *gin.Context) bool {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	got := c.GetHeader(CSRFHeader)
	if got == "" && !strings.HasPrefix(c.Request.URL.Path, "/api/") {
		got = c.PostForm(csrfField)
	}
	want := c.GetString(CtxCSRF)
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// parseForm reads an unsafe request's form before anything looks at its
// fields, so that a body over its limit (413), stalled (408) or malformed
// (400) is answered as what it is: gin's PostForm drops the error and sees
// a form without fields. Files of a multipart form past MultipartMemory go
// to temporary files.
func parseForm(c *gin.Context) error {
	r := c.Request
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if c.GetHeader(CSRFHeader) != "" {
		return nil // a script's request, not a form
	}
	err := r.ParseForm()
	if err == nil {
		err = r.ParseMultipartForm(MultipartMemory)
	}
	switch {
	case err == nil, errors.Is(err, http.ErrNotMultipart):
		return nil
	case BodyFault(err):
		return err
	}
	return NewError(http.StatusBadRequest, "bad_request", "malformed form: "+err.Error()).Because(err)
}

// CurrentUser is the signed-in user, nil when there is none.
func CurrentUser(c *gin.Context) *catalog.User {
	u, _ := c.Get(ctxUser)
	user, _ := u.(*catalog.User)
	return user
}
