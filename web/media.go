package web

import "github.com/gin-gonic/gin"

// routesMedia registers the media routes.
func (s *Server) routesMedia(r *gin.Engine, api *gin.RouterGroup) {}
