package web

import "github.com/gin-gonic/gin"

// routesEmbed registers the embed routes.
func (s *Server) routesEmbed(r *gin.Engine, api *gin.RouterGroup) {}
