package httpx

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// Framing sets the headers that guard a browser: on every response
// X-Content-Type-Options: nosniff, so no response (an uploaded file, an
// error, a feed) is ever run as a type it was not sent as; and who may put
// a response in a frame. The players under
// /embed/ may be framed by the configured ancestors; everything else (pages,
// the dashboard, error pages) refuses, so no site can dress our pages up
// for clickjacking. It runs after routing, for unknown paths (404s) too.
// Public data such as feeds is no page and gets neither header, unless it
// turns out an HTML error page (WriteError).
// The header values are shared by every response, built once: the
// handlers never change them in place.
func (s *Env) Framing(c *gin.Context) {
	c.Writer.Header()["X-Content-Type-Options"] = hNosniff
	if s.PublicData[c.FullPath()] {
		c.Next()
		return
	}
	h := c.Writer.Header()
	if isEmbedPath(c.Request.URL.Path) {
		h["Content-Security-Policy"] = s.CSPEmbed
	} else {
		SetNoFrames(h)
	}
	c.Next()
}

// SetNoFrames refuses every frame.
func SetNoFrames(h http.Header) {
	h["Content-Security-Policy"] = cspNoFrames
	h["X-Frame-Options"] = hDeny
}

var (
	cspNoFrames = []string{"frame-ancestors 'none'"}
	hDeny       = []string{"DENY"}
	hNosniff    = []string{"nosniff"}
)

func isEmbedPath(p string) bool { return strings.HasPrefix(p, "/embed/") }

// ParseFrameAncestors reads the --frame-ancestors flag: CSP source
// expressions separated by spaces or commas, such as
// "https://news.example.com https://*.example.org" or "*" (any site, the
// default when empty) or "'self'". It refuses anything that could break
// out of the header value.
func ParseFrameAncestors(v string) ([]string, error) {
	fields := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(fields) == 0 {
		return []string{"*"}, nil
	}
	for _, f := range fields {
		if f == "'none'" && len(fields) > 1 {
			return nil, fmt.Errorf("web: frame ancestors: 'none' cannot be combined with other sources")
		}
		for _, r := range f {
			if r <= ' ' || r >= 0x7f || r == ';' || r == '"' {
				return nil, fmt.Errorf("web: frame ancestors: bad source %q", f)
			}
		}
		if strings.HasPrefix(f, "'") && f != "'self'" && f != "'none'" {
			return nil, fmt.Errorf("web: frame ancestors: bad keyword %q (want 'self' or 'none')", f)
		}
	}
	return fields, nil
}
