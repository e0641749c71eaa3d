package web

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// engineRoutes lists every method and path the server's gin engine has.
func engineRoutes(t *testing.T, e *adminEnv) gin.RoutesInfo {
	t.Helper()
	eng, ok := e.srv.Handler().(*gin.Engine)
	if !ok {
		t.Fatal("the handler is not a *gin.Engine")
	}
	return eng.Routes()
}

// apiCall sends body (JSON, or nothing when "") with the Authorization
// header auth (none when "") and returns the status and body.
func (e *adminEnv) apiCall(t *testing.T, auth, method, path, body string) (int, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, e.url+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, string(b)
}

// showForm is the dashboard's show form for a valid show, with the CSRF
// token tok.
func showForm(tok, slug, title string) url.Values {
	return url.Values{"csrf": {tok}, "slug": {slug}, "title": {title}, "language": {"en"},
		"type": {"episodic"}, "categories": {"News"}}
}
