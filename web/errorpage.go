package web

import (
	"html/template"

	"github.com/gin-gonic/gin"
)

// errorPageTmpl is replaced by the pages' own template set (issue 6).
var errorPageTmpl = template.Must(template.New("error").Parse(
	`<!doctype html><html lang="en"><meta charset="utf-8"><title>{{.Status}} {{.Message}}</title>` +
		`<h1>{{.Status}}</h1><p>{{.Message}}</p></html>`))

func (s *Server) errorPage(c *gin.Context, he *Error) {
	c.Status(he.Status)
	c.Header("Content-Type", "text/html; charset=utf-8")
	errorPageTmpl.Execute(c.Writer, he)
}
