package web

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestOpenAPICoversRoutes checks that openapi.json documents every
// /api/v1 route and nothing that is not a route. When it fails after you add
// an API route, describe the route in web/openapi.json.
func TestOpenAPICoversRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	srv := newAPI(t).srv
	param := regexp.MustCompile(`:([a-z_]+)`)
	routes := map[string]bool{}
	for _, r := range srv.Handler().(*gin.Engine).Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/") || r.Method == http.MethodHead {
			continue
		}
		p := param.ReplaceAllString(strings.TrimPrefix(r.Path, "/api/v1"), "{$1}")
		m := strings.ToLower(r.Method)
		routes[m+" "+p] = true
		if _, ok := doc.Paths[p][m]; !ok {
			t.Errorf("%s /api/v1%s is not in web/openapi.json", r.Method, p)
		}
	}
	for p, ops := range doc.Paths {
		for m := range ops {
			if m != "parameters" && !routes[m+" "+p] {
				t.Errorf("openapi.json documents %s %s, which is not a route", strings.ToUpper(m), p)
			}
		}
	}
}

func TestOpenAPIServed(t *testing.T) {
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
