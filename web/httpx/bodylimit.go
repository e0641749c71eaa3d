package httpx

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Request body classes. Every route takes at most FormBody unless it says
// otherwise (SetBodyLimit): a form or JSON body never needs more, and an
// anonymous client must not make the server hold more. Uploads say
// --max-upload; the sign-in form, which anyone may post, much less.
const (
	// SignInBody is what the sign-in and sign-out forms need: an email, a
	// password, where to go next and the CSRF token.
	SignInBody int64 = 8 << 10
	// FormBody is what any dashboard form or API JSON body needs (show
	// notes are the largest field).
	FormBody int64 = 1 << 20
	// MultipartMemory is how much of a multipart form's files is held in
	// memory; the rest goes to temporary files, removed after the request.
	MultipartMemory int64 = 1 << 20
)

// routeKey names a route by method and pattern (gin's FullPath).
type routeKey struct{ method, pattern string }

// SetBodyLimit gives the route method+pattern a body limit other than
// FormBody. Call it while routes are registered; it is read-only after.
func (s *Env) SetBodyLimit(method, pattern string, n int64) {
	s.bodyLimits[routeKey{method, pattern}] = n
}

// BodyLimit is the largest request body the route takes.
func (s *Env) BodyLimit(method, pattern string) int64 {
	if n, ok := s.bodyLimits[routeKey{method, pattern}]; ok {
		return n
	}
	return FormBody
}

// LimitBody caps the request body at its route's limit before any handler
// reads it: a Content-Length over the limit is answered 413 at once, and a
// body without one (chunked) is cut by http.MaxBytesReader when it passes
// the limit, which handlers report as 413 too (ToHTTP).
func (s *Env) LimitBody(c *gin.Context) {
	r := c.Request
	if r.Body == nil || r.Body == http.NoBody {
		c.Next()
		return
	}
	limit := s.BodyLimit(r.Method, c.FullPath())
	if r.ContentLength > limit {
		c.Header("Connection", "close") // rather than read the rest
		s.WriteError(c, &http.MaxBytesError{Limit: limit})
		return
	}
	// net/http's own writer, under gin's, so that hitting the limit also
	// closes the connection instead of reading the rest of the body.
	var raw http.ResponseWriter = c.Writer
	if u, ok := c.Writer.(interface{ Unwrap() http.ResponseWriter }); ok {
		raw = u.Unwrap()
	}
	r.Body = http.MaxBytesReader(raw, r.Body, limit)
	c.Next()
}
