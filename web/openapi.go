package web

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openAPI describes the publisher API (OpenAPI 3.1). TestOpenAPICoversRoutes
// keeps it and the routes in step: a new /api/v1 route needs an entry.
//
//go:embed openapi.json
var openAPI []byte

// serveOpenAPI is GET /api/openapi.json; it needs no token, so clients and
// tools can read it before they have one.
func (s *Server) serveOpenAPI(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, "application/json; charset=utf-8", openAPI)
}
