package api

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// OpenAPI describes the publisher API (OpenAPI 3.1). TestOpenAPICoversRoutes
// keeps it and the routes in step: a new /api/v1 route needs an entry.
//
//go:embed openapi.json
var OpenAPI []byte

// serveOpenAPI is GET /api/openapi.json; it needs no token, so clients and
// tools can read it before they have one.
func (s *API) serveOpenAPI(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, "application/json; charset=utf-8", OpenAPI)
}
