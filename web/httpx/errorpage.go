package httpx

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type errorPageData struct {
	Status    int
	Title     string
	Message   string
	RequestID string
}

// errorPage is the HTML form of an error, for a browser asking for a page.
// It uses the site layout; if even that fails, a plain-text line is left.
func (s *Env) errorPage(c *gin.Context, he *Error) {
	title := http.StatusText(he.Status)
	if he.Status == http.StatusNotFound {
		title = "Not found"
	}
	msg := he.Message
	if he.Status >= 500 {
		msg = "Something went wrong on our side. Please try again in a moment."
	}
	p := s.NewPage(title, &errorPageData{
		Status: he.Status, Title: title, Message: msg, RequestID: RequestIDOf(c),
	})
	if err := s.Render(c, he.Status, "error.html", p); err != nil {
		s.Log.ErrorContext(c.Request.Context(), "error page", "err", err)
		c.String(he.Status, "%d %s\n", he.Status, title)
	}
}
