package web

import "github.com/gin-gonic/gin"

// routesAPI registers the publisher API (JSON, bearer token; see
// DESIGN.md). The handlers live in api_shows.go, api_episodes.go,
// api_articles.go and upload.go.
func (s *Server) routesAPI(r *gin.Engine, api *gin.RouterGroup) {
	r.Match(getHead, "/api/openapi.json", s.serveOpenAPI)

	api.POST("/shows", s.handle(s.apiCreateShow))
	api.GET("/shows", s.handle(s.apiListShows))
	api.GET("/shows/:show", s.handle(s.apiGetShow))
	api.PATCH("/shows/:show", s.handle(s.apiUpdateShow))
	api.DELETE("/shows/:show", s.handle(s.apiDeleteShow))
	api.GET("/shows/:show/old-slugs", s.handle(s.apiOldSlugs))
	api.DELETE("/shows/:show/old-slugs/:slug", s.handle(s.apiReleaseOldSlug))
	api.PUT("/shows/:show/artwork", s.handle(s.apiPutShowArtwork))

	api.POST("/shows/:show/episodes", s.handle(s.apiCreateEpisode))
	api.GET("/shows/:show/episodes", s.handle(s.apiListEpisodes))
	api.GET("/episodes/:id", s.handle(s.apiGetEpisode))
	api.PATCH("/episodes/:id", s.handle(s.apiUpdateEpisode))
	api.DELETE("/episodes/:id", s.handle(s.apiDeleteEpisode))
	api.PUT("/episodes/:id/audio", s.handle(s.apiReplaceAudio))
	api.PUT("/episodes/:id/articles", s.handle(s.apiSetEpisodeArticles))

	api.POST("/articles", s.handle(s.apiCreateArticle))
	api.GET("/articles", s.handle(s.apiListArticles))
	api.GET("/articles/:id", s.handle(s.apiGetArticle))
	api.PATCH("/articles/:id", s.handle(s.apiUpdateArticle))
	api.DELETE("/articles/:id", s.handle(s.apiDeleteArticle))
}
