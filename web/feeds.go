package web

import "github.com/gin-gonic/gin"

// routesFeeds registers the feeds routes.
func (s *Server) routesFeeds(r *gin.Engine, api *gin.RouterGroup) {}
