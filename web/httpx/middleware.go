package httpx

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/gin-gonic/gin"
)

// RequestID gives every request an id, echoed in X-Request-Id and in logs.
// The response header is where it is kept (RequestIDOf reads it back): a
// gin context key would cost every request a map. Public data (feeds)
// carries no id: a shared cache would hand the same response, id and all,
// to everyone. There the id is kept in the request's header, and it is
// sent only with an error (WriteError). A client's own id is kept only
// when it is a plain token (validRequestID); others would be logged
// differently from what the header says (JSON logs replace invalid
// UTF-8) or carry blanks into log and page.
func (s *Env) RequestID(c *gin.Context) {
	sent := c.Request.Header["X-Request-Id"]
	var id string
	if len(sent) > 0 && validRequestID(sent[0]) {
		id = sent[0]
	} else {
		var b [8]byte
		var h [16]byte
		rand.Read(b[:])
		hex.Encode(h[:], b[:])
		id = string(h[:])
	}
	switch {
	case !s.PublicData[c.FullPath()]:
		c.Writer.Header()["X-Request-Id"] = []string{id}
	case len(sent) != 1 || sent[0] != id:
		c.Request.Header["X-Request-Id"] = []string{id}
	}
	c.Next()
}

// validRequestID reports whether a client's request id is 1 to 64
// visible ASCII characters (no blanks, controls or other bytes).
func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// RequestIDOf is the id RequestID gave the request.
func RequestIDOf(c *gin.Context) string {
	if v := c.Writer.Header()["X-Request-Id"]; len(v) > 0 {
		return v[0]
	}
	if v := c.Request.Header["X-Request-Id"]; len(v) > 0 {
		return v[0] // public data (RequestID)
	}
	return ""
}

// RecoverPanics turns a panic into a 500 and a log line, never a dead server.
func (s *Env) RecoverPanics(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.Log.Error("panic", "value", fmt.Sprint(v), "request_id", RequestIDOf(c),
				"stack", string(debug.Stack()))
			s.WriteError(c, fmt.Errorf("panic: %v", v))
		}
	}()
	c.Next()
}

// GetHead are the methods of routes that only read.
var GetHead = []string{http.MethodGet, http.MethodHead}
