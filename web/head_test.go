package web

import "testing"

// TestHeadOnServiceRoutes checks that the health check, the OpenAPI
// document and the metrics answer HEAD as they answer GET (RFC 9110 9.3.2:
// a server MUST support HEAD where it supports GET); uptime monitors and
// load balancers probe with HEAD.
func TestHeadOnServiceRoutes(t *testing.T) {
	t.Parallel()
	e := newAPI(t)
	for _, path := range []string{"/healthz", "/api/openapi.json", "/metrics"} {
		get, _ := e.do("GET", path, "", nil)
		head, body := e.do("HEAD", path, "", nil)
		if get != 200 || head != 200 || len(body) != 0 {
			t.Errorf("%s: GET %d, HEAD %d with %d bytes; want 200 and 200 with none", path, get, head, len(body))
		}
	}
}
