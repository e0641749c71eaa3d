package web

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/onair-fm/onair/web/api"
)

// TestOpenAPICoversRoutes checks that openapi.json documents every
// /api/v1 route and nothing that is not a route, the resumable uploads'
// tus endpoints (HEAD included) too. A route registered with and without
// a trailing slash is one path. When it fails after you add an API route,
// describe the route in web/openapi.json.
func TestOpenAPICoversRoutes(t *testing.T) {
	t.Parallel()
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	srv := newAPI(t, Config{BaseURL: testBaseURL, ResumableUploads: true}).srv
	param := regexp.MustCompile(`:([a-z_]+)`)
	key := func(m, p string) string { return m + " " + strings.TrimSuffix(p, "/") }
	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			if m != "parameters" {
				documented[key(m, p)] = true
			}
		}
	}
	routes := map[string]bool{}
	for _, r := range srv.Handler().(*gin.Engine).Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/") {
			continue
		}
		p := param.ReplaceAllString(strings.TrimPrefix(r.Path, "/api/v1"), "{$1}")
		k := key(strings.ToLower(r.Method), p)
		routes[k] = true
		if !documented[k] {
			t.Errorf("%s /api/v1%s is not in web/openapi.json", r.Method, p)
		}
	}
	for k := range documented {
		if !routes[k] {
			t.Errorf("openapi.json documents %s, which is not a route", k)
		}
	}
	for _, k := range []string{"post /uploads", "head /uploads/{id}", "patch /uploads/{id}", "delete /uploads/{id}", "get /uploads/{id}"} {
		if !routes[k] || !documented[k] {
			t.Errorf("%s: route %v, documented %v; the test must see the upload routes", k, routes[k], documented[k])
		}
	}
}

func TestOpenAPIServed(t *testing.T) {
	t.Parallel()
	e := newAPI(t)
	resp, err := http.Get(e.ts.URL + "/api/openapi.json") // no token needed
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc map[string]any
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&doc) != nil || doc["paths"] == nil {
		t.Errorf("GET /api/openapi.json: %d", resp.StatusCode)
	}
}
