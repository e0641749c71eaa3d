// Package feedsrv serves a show's feeds (RSS, Atom, JSON Feed) and JSON
// chapters: rendered once per change and kept, answered with ETags,
// conditional GETs and gzip, and announced to a WebSub hub. It also runs
// the feed check (Apple Podcasts and Podcasting 2.0 rules) for the API and
// the dashboard. Rendering itself is package feeds; feedsrv is its HTTP
// side and cache.
package feedsrv

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/httpx"
)

// Feeds serves feeds from its cache. Make one with New.
type Feeds struct {
	*httpx.Env
	// feedCache holds rendered feeds, feedShows the shows they were
	// checked against (feedcache.go, feedshows.go).
	feedCache feedCache
	feedShows showCache
	// fragments holds the rendered items the feeds are stitched from.
	fragments Fragments
	// rebuilds counts the feed rebuilds this node ran.
	rebuilds atomic.Int64
	// artworkSizes remembers measured artwork by blob key (feedcheck.go).
	artworkSizes sync.Map
	// Rebuilds run in the background under bgCtx, which Stop cancels
	// before waiting for buildsWG (feedcache.go).
	bgOnce   sync.Once
	bgCtx    context.Context
	bgCancel context.CancelFunc
	buildsWG sync.WaitGroup
	// notifyQ holds feed URLs for the --notify-cmd runner (notify.go).
	notifyQ chan string
	// private holds what subscribers' private feeds need (private*.go).
	private privateState
	// Pub flags subscribers whose feeds look shared (Config.Sharing).
	// Set before serving.
	Pub *publish.Service
}

// New returns the feed server over env.
func New(env *httpx.Env) *Feeds { return &Feeds{Env: env, notifyQ: make(chan string, notifyQueue)} }
