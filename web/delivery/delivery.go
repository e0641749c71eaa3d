// Package delivery serves media (/media/KEY): audio and artwork with byte
// ranges, conditional requests and sendfile, the access rule for media of
// episodes not yet live, redirects to presigned storage or a CDN, and the
// delivered ranges that download counting (package analytics) is fed.
package delivery

import (
	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/web/httpx"
)

// Media serves blobs. Make one with New.
type Media struct {
	*httpx.Env
	// owners caches the episodes and shows media keys belong to.
	owners ownerCache
	// members caches subscribers read for signed media (media_members.go).
	members memberCache
}

// New returns media delivery over env.
func New(env *httpx.Env) *Media { return &Media{Env: env} }

// Routes registers /media/*key.
func (s *Media) Routes(r *gin.Engine) { s.routesMedia(r) }
