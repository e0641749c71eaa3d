package httpx

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// CORSPreflight answers CORS preflight for what any origin may GET: media,
// feeds and chapters (web players on other sites read them).
func CORSPreflight(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Range, If-Range, If-None-Match, If-Modified-Since")
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Allow", "GET, HEAD, OPTIONS")
	c.Status(http.StatusNoContent)
}
