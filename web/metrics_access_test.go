package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestMetricsAccess: on the main listener /metrics answers only clients on
// loopback or a private network, judged by the peer and by the client a
// trusted proxy names; with a listener of its own it answers nobody there,
// and MetricsHandler serves it.
func TestMetricsAccess(t *testing.T) {
	t.Parallel()
	e := newMediaEnv(t, func(c *Config) { c.TrustedProxies = []string{"127.0.0.1/8", "10.0.0.0/8"} })
	h := e.srv.Handler()
	_, unknownBody := serveFrom(h, "GET", "/no-such-path", "203.0.113.9:4000", nil)
	tests := []struct {
		name, remote string
		hdr          map[string]string
		want         int
	}{
		{"IPv4 loopback", "127.0.0.1:5000", nil, 200},
		{"IPv6 loopback", "[::1]:5000", nil, 200},
		{"10/8", "10.1.2.3:5000", nil, 200},
		{"172.16/12", "172.31.255.1:5000", nil, 200},
		{"192.168/16", "192.168.0.7:5000", nil, 200},
		{"fc00::/7", "[fd12:3456::1]:5000", nil, 200},
		{"IPv4-mapped private", "[::ffff:10.0.0.1]:5000", nil, 200},
		{"public IPv4", "203.0.113.9:5000", nil, 404},
		{"just past 172.16/12", "172.32.0.1:5000", nil, 404},
		{"public IPv6", "[2001:db8::1]:5000", nil, 404},
		{"link-local", "[fe80::1]:5000", nil, 404},
		{"trusted proxy for a public client", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "198.51.100.4"}, 404},
		{"trusted proxy for a private client", "10.0.0.2:5000", map[string]string{"X-Forwarded-For": "192.168.1.9"}, 200},
		{"public peer claiming to be private", "203.0.113.9:5000", map[string]string{"X-Forwarded-For": "127.0.0.1"}, 404},
		// A trusted proxy's header that gin cannot read leaves ClientIP
		// at the proxy's own (private) address: every address a
		// forwarding header names must be readable and private.
		{"trusted proxy naming a public client with its port", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "198.51.100.4:41234"}, 404},
		{"trusted proxy naming a public IPv6 client with its port", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "[2001:db8::7]:443"}, 404},
		{"trusted proxy naming a public client, then junk", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "198.51.100.4, unknown"}, 404},
		{"trusted proxy naming an unknown client", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "unknown"}, 404},
		{"trusted proxy naming a private client with its port", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "10.9.8.7:5555"}, 200},
		{"private clients in a chain", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "192.168.1.9, 10.0.0.3"}, 200},
		{"public client behind a private hop", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "198.51.100.4, 172.16.0.9"}, 404},
		{"X-Real-IP public", "127.0.0.1:5000", map[string]string{"X-Real-IP": "198.51.100.4"}, 404},
		{"X-Real-IP public with a port", "127.0.0.1:5000", map[string]string{"X-Real-IP": "198.51.100.4:80"}, 404},
		{"Forwarded (RFC 7239) public", "127.0.0.1:5000", map[string]string{"Forwarded": `for="198.51.100.4:80";proto=https`}, 404},
		{"Forwarded (RFC 7239) public IPv6", "127.0.0.1:5000", map[string]string{"Forwarded": `for="[2001:db8::7]";by=10.0.0.1`}, 404},
		{"Forwarded (RFC 7239) private chain", "127.0.0.1:5000", map[string]string{"Forwarded": `for=10.0.0.8, for="[fd00::1]:80"`}, 200},
		{"untrusted private proxy naming a public client", "192.168.5.5:5000", map[string]string{"X-Forwarded-For": "198.51.100.4"}, 404},
	}
	for _, tt := range tests {
		for _, method := range []string{"GET", "HEAD"} {
			res, body := serveFrom(h, method, "/metrics", tt.remote, tt.hdr)
			if res.Code != tt.want {
				t.Errorf("%s %s: %d, want %d", tt.name, method, res.Code, tt.want)
			}
			switch {
			case tt.want == 200 && method == "GET" && !strings.Contains(body, "onair_http_requests_total"):
				t.Errorf("%s: no series in %.200s", tt.name, body)
			case tt.want == 404 && method == "GET" && body != unknownBody:
				t.Errorf("%s: %s, want the 404 of an unknown path %s", tt.name, body, unknownBody)
			}
		}
	}

	e.srv.Cfg.MetricsListener = true
	if res, _ := serveFrom(h, "GET", "/metrics", "127.0.0.1:5000", nil); res.Code != 404 {
		t.Errorf("with a metrics listener, main /metrics from loopback: %d, want 404", res.Code)
	}
	m := e.srv.MetricsHandler()
	if res, body := serveFrom(m, "GET", "/metrics", "203.0.113.9:5000", nil); res.Code != 200 || !strings.Contains(body, "onair_http_requests_total") {
		t.Errorf("metrics listener: %d %.200s", res.Code, body)
	}
	if res, _ := serveFrom(m, "GET", "/healthz", "127.0.0.1:5000", nil); res.Code != 404 {
		t.Errorf("metrics listener serves /healthz: %d", res.Code)
	}
}

// serveFrom runs one request through h as if from the peer remote.
func serveFrom(h http.Handler, method, path, remote string, hdr map[string]string) (*httptest.ResponseRecorder, string) {
	req := httptest.NewRequest(method, path, nil)
	req.RemoteAddr = remote
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec, rec.Body.String()
}
