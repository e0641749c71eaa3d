package web

import "github.com/gin-gonic/gin"

// routesPages registers the pages routes.
func (s *Server) routesPages(r *gin.Engine, api *gin.RouterGroup) {}
