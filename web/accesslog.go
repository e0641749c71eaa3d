package web

import (
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/logs"
)

// observe logs and counts every request, from one pair of clock readings.
func (s *Server) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	end := time.Now()
	d := end.Sub(start)
	s.countRequest(c, d)
	s.logRequest(c, end, d)
}

// ctxBytesSent holds, as an int64, the body bytes a handler sent around
// gin's writer (media, through sendfile), which gin did not count.
const ctxBytesSent = "bytes_sent"

// logRequest writes the request's line at t. It hands the record to the
// logger's handler itself, with no caller: finding the caller, as Logger
// methods do, was a fifth of the line's cost, and a request line never
// says where it was logged. logs.NewHandler, which onair serve logs
// through, writes this record by hand.
func (s *Server) logRequest(c *gin.Context, t time.Time, d time.Duration) {
	ctx, h := c.Request.Context(), s.log.Handler()
	if !h.Enabled(ctx, slog.LevelInfo) {
		return
	}
	size := int64(max(c.Writer.Size(), 0))
	if n, ok := c.Get(ctxBytesSent); ok {
		size = n.(int64)
	}
	r := slog.NewRecord(t, slog.LevelInfo, logs.RequestMessage, 0)
	r.AddAttrs(
		slog.String(logs.KeyMethod, c.Request.Method),
		slog.String(logs.KeyPath, c.Request.URL.Path),
		slog.Int(logs.KeyStatus, c.Writer.Status()),
		slog.Int64(logs.KeyBytes, size),
		slog.Duration(logs.KeyDuration, d),
		slog.String(logs.KeyRequestID, requestIDOf(c)),
	)
	h.Handle(ctx, r)
}
