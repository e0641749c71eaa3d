package httpx

import (
	"strings"
	"testing"
)

// TestPolicyMediaSources: under --media-redirect, pages may load images
// and audio from where /media redirects, and from nowhere else.
func TestPolicyMediaSources(t *testing.T) {
	for _, tt := range []struct {
		name       string
		cfg        Config
		img, media string
	}{
		{"served by onair", Config{}, "img-src 'self' blob: https:;", "media-src 'self';"},
		{"CDN", Config{MediaRedirect: true, MediaBaseURL: "https://cdn.example.com/pod"},
			"img-src 'self' blob: https: https://cdn.example.com;", "media-src 'self' https://cdn.example.com;"},
		{"plain-http CDN", Config{MediaRedirect: true, MediaBaseURL: "http://10.0.0.5:9000"},
			"img-src 'self' blob: https: http://10.0.0.5:9000;", "media-src 'self' http://10.0.0.5:9000;"},
		{"presigned storage URLs", Config{MediaRedirect: true}, "img-src 'self' blob: https: *;", "media-src 'self' *;"},
		{"a base URL without redirects", Config{MediaBaseURL: "https://cdn.example.com"}, "img-src 'self' blob: https:;", "media-src 'self';"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, p := range []string{pageCSP(tt.cfg), embedCSP(tt.cfg)} {
				if !strings.Contains(p, tt.img) || !strings.Contains(p, tt.media) {
					t.Errorf("policy %q, want %q and %q", p, tt.img, tt.media)
				}
			}
		})
	}
}
