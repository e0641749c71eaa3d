package httpx

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// Framing sets the headers that guard a browser. Every response gets
// X-Content-Type-Options: nosniff, so none (an uploaded file, an error, a
// feed) is ever run as a type it was not sent as. The players under
// /embed/ may be framed by the configured ancestors; everything else
// (pages, the dashboard, error pages) gets the pages' Content-Security-Policy,
// which refuses frames, so no site can dress our pages up for
// clickjacking. It runs after routing, for unknown paths (404s) too.
// Public data such as feeds is no page and gets no CSP or framing header,
// unless it turns out an HTML error page (WriteError).
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
		s.SetPageHeaders(h)
	}
	c.Next()
}

// SetPageHeaders gives a page its Content-Security-Policy (pageCSP), which
// also refuses every frame, as X-Frame-Options does for old browsers.
func (s *Env) SetPageHeaders(h http.Header) {
	h["Content-Security-Policy"] = s.CSPPage
	h["X-Frame-Options"] = hDeny
}

var (
	hDeny    = []string{"DENY"}
	hNosniff = []string{"nosniff"}
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
