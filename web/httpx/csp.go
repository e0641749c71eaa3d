package httpx

import (
	"net/url"
	"strings"
)

// pageCSP is the Content-Security-Policy of pages and the dashboard:
// scripts and styles only from onair's own static files (no inline script,
// style element or style attribute in any template), no plugins, forms and
// <base> kept to onair. Images may come from any https site (related
// articles carry the newsroom's own pictures) and blob: URLs (the
// dashboard's artwork preview). Media come from onair, or from where
// --media-redirect sends them (mediaSources).
func pageCSP(cfg Config) string {
	return policy(cfg, "'self'", "'none'")
}

// embedCSP is the players' policy: the pages', with the one inline script
// of the embed layout allowed by its hash, and framed by the configured
// ancestors (--frame-ancestors).
func embedCSP(cfg Config) string {
	return policy(cfg, "'self' "+embedScriptHash, strings.Join(cfg.FrameAncestors, " "))
}

// embedScriptHash is the SHA-256 of the script in the embed layout
// (templates/layout/embed.html), which must run before the first paint.
const embedScriptHash = "'sha256-FZ/icVNZ4Na+tFhgE+SYcITz6Sv/WKzPXHKyrq5d7hg='"

// policy is the Content-Security-Policy with the given script sources and
// frame ancestors.
func policy(cfg Config, scripts, ancestors string) string {
	media := mediaSources(cfg)
	return "default-src 'self'; script-src " + scripts + "; style-src 'self'; " +
		"img-src 'self' blob: https:" + media + "; media-src 'self'" + media + "; " +
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " + ancestors
}

// mediaSources is what a page must also allow images and audio from when
// /media answers with redirects: the CDN's origin under --media-base-url,
// or any site for presigned storage URLs (whose host the storage picks).
func mediaSources(cfg Config) string {
	if !cfg.MediaRedirect {
		return ""
	}
	if u, err := url.Parse(cfg.MediaBaseURL); err == nil && u.Scheme != "" && u.Host != "" {
		return " " + u.Scheme + "://" + u.Host
	}
	return " *"
}
