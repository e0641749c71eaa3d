package web

import "github.com/gin-gonic/gin"

// routesAdmin registers the admin routes.
func (s *Server) routesAdmin(r *gin.Engine, api *gin.RouterGroup) {}
