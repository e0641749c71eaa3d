package web

import "github.com/gin-gonic/gin"

// routesAPI registers the api routes.
func (s *Server) routesAPI(r *gin.Engine, api *gin.RouterGroup) {}
