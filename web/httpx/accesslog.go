package httpx

import (
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/logs"
)

// Observe logs and counts every request, from one pair of clock readings.
func (s *Env) Observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	end := time.Now()
	d := end.Sub(start)
	s.countRequest(c, d)
	s.logRequest(c, end, d)
}

// CtxBytesSent holds, as an int64, the body bytes a handler sent around
// gin's writer (media, through sendfile), which gin did not count.
const CtxBytesSent = "bytes_sent"

// logRequest writes the request's line, answered at t.
func (s *Env) logRequest(c *gin.Context, t time.Time, d time.Duration) {
	size := int64(max(c.Writer.Size(), 0))
	if n, ok := c.Get(CtxBytesSent); ok {
		size = n.(int64)
	}
	logs.Log(c.Request.Context(), s.Log, logs.Request{Time: t, Method: c.Request.Method, Path: RedactPath(c.Request.URL.Path),
		Status: int64(c.Writer.Status()), Bytes: size, Duration: d, ID: RequestIDOf(c)})
}
