// Package api is the publisher API under /api/v1: JSON over bearer tokens,
// multipart audio uploads, download stats and the OpenAPI description.
// Handlers parse the request, call package publish, and answer JSON.
package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/onair-fm/onair/importer"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/feedsrv"
	"github.com/onair-fm/onair/web/httpx"
)

// API answers the publisher API. Make one with New.
type API struct {
	*httpx.Env
	pub   *publish.Service
	feeds *feedsrv.Feeds // dropped from cache on changes; the feed check
	// Imports runs imports from other hosts' feeds in the background.
	Imports *importer.Jobs
}

// New returns the API over env, publishing through pub.
func New(env *httpx.Env, pub *publish.Service, feeds *feedsrv.Feeds) *API {
	return &API{Env: env, pub: pub, feeds: feeds}
}

// Routes registers the publisher API: its description on r, everything
// else on api, the group that requires a bearer token. The handlers live
// in api_shows.go, api_episodes.go, api_articles.go, upload.go and stats.go.
func (s *API) Routes(r *gin.Engine, api *gin.RouterGroup) {
	r.Match(httpx.GetHead, "/api/openapi.json", s.serveOpenAPI)

	api.POST("/shows", s.Handle(s.apiCreateShow))
	api.GET("/shows", s.Handle(s.apiListShows))
	api.GET("/shows/:show", s.Handle(s.apiGetShow))
	api.PATCH("/shows/:show", s.Handle(s.apiUpdateShow))
	api.DELETE("/shows/:show", s.Handle(s.apiDeleteShow))
	api.GET("/shows/:show/old-slugs", s.Handle(s.apiOldSlugs))
	api.DELETE("/shows/:show/old-slugs/:slug", s.Handle(s.apiReleaseOldSlug))
	api.PUT("/shows/:show/artwork", s.Handle(s.apiPutShowArtwork))

	api.POST("/shows/:show/episodes", s.Handle(s.apiCreateEpisode))
	api.GET("/shows/:show/episodes", s.Handle(s.apiListEpisodes))
	api.GET("/episodes/:id", s.Handle(s.apiGetEpisode))
	api.PATCH("/episodes/:id", s.Handle(s.apiUpdateEpisode))
	api.DELETE("/episodes/:id", s.Handle(s.apiDeleteEpisode))
	api.PUT("/episodes/:id/audio", s.Handle(s.apiReplaceAudio))
	api.PUT("/episodes/:id/articles", s.Handle(s.apiSetEpisodeArticles))
	api.PUT("/episodes/:id/soundbites", s.Handle(s.apiSetSoundbites))
	api.POST("/shows/:show/owner-email-window", s.Handle(s.apiRevealOwnerEmail))

	api.POST("/articles", s.Handle(s.apiCreateArticle))
	api.GET("/articles", s.Handle(s.apiListArticles))
	api.GET("/articles/:id", s.Handle(s.apiGetArticle))
	api.PATCH("/articles/:id", s.Handle(s.apiUpdateArticle))
	api.DELETE("/articles/:id", s.Handle(s.apiDeleteArticle))

	api.POST("/imports", s.Handle(s.apiStartImport))
	api.GET("/imports", s.Handle(s.apiListImports))
	api.GET("/imports/:id", s.Handle(s.apiGetImport))
	api.GET("/shows/:show/source", s.Handle(s.apiGetSource))
	api.DELETE("/shows/:show/source", s.Handle(s.apiDeleteSource))

	api.POST("/shows/:show/subscribers", s.Handle(s.apiUpsertSubscriber))
	api.GET("/shows/:show/subscribers", s.Handle(s.apiListSubscribers))
	api.GET("/subscribers/:id", s.Handle(s.apiGetSubscriber))
	api.PATCH("/subscribers/:id", s.Handle(s.apiUpdateSubscriber))
	api.DELETE("/subscribers/:id", s.Handle(s.apiDeleteSubscriber))
	api.POST("/subscribers/:id/rotate", s.Handle(s.apiRotateSubscriber))
	api.GET("/shows/:show/stats", s.Handle(s.getShowStats))
	api.GET("/episodes/:id/stats", s.Handle(s.getEpisodeStats))
	s.transcriptRoutes(api)

	// Uploads take bodies up to --max-upload; every other route a form's.
	for _, rt := range [][2]string{{http.MethodPut, "/shows/:show/artwork"},
		{http.MethodPost, "/shows/:show/episodes"}, {http.MethodPut, "/episodes/:id/audio"}} {
		s.SetBodyLimit(rt[0], api.BasePath()+rt[1], s.Cfg.MaxUpload)
	}
}
