package httpx

import (
	"log/slog"
	"strings"
	"time"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/publish"
)

// Config is what the server needs to know beyond its parts.
type Config struct {
	// BaseURL is the public address, e.g. "https://pod.example.com", with
	// no trailing slash. Every absolute URL is built from it.
	BaseURL string
	// MaxUpload is the largest accepted upload in bytes.
	MaxUpload int64
	// MediaRedirect answers media requests with a 302 to a presigned
	// storage URL, or to MediaBaseURL when set, instead of sending the
	// bytes (see web/delivery).
	MediaRedirect bool
	// MediaBaseURL is a CDN serving the blobs by key, e.g.
	// "https://cdn.example.com"; "" to presign storage URLs.
	MediaBaseURL string
	// MediaRedirectTTL is how long a presigned URL works. Default 1h.
	MediaRedirectTTL time.Duration
	// WebSubHub is the WebSub hub feeds advertise and ping when they
	// change; "" for none.
	WebSubHub string
	// NotifyCmd is a command run with the RSS feed's URL as its last
	// argument whenever a feed changes (e.g. a podping.cloud client); ""
	// for none. NotifyTimeout ends a run (default 30s).
	NotifyCmd     string
	NotifyTimeout time.Duration
	// MediaWriteTimeout ends a media download that makes no progress for
	// this long (each 256 KiB must go out within it). Default 60s.
	MediaWriteTimeout time.Duration
	// Downloads records delivered audio for download counting; nil
	// counts nothing.
	Downloads *analytics.Recorder
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For names the client (for download counting and
	// sign-in limits). nil trusts loopback only; an empty, non-nil list
	// trusts nobody. Anyone else could fake addresses to inflate counts.
	TrustedProxies []string
	// FrameAncestors are the CSP sources (e.g. "https://news.example.com")
	// allowed to frame the embeddable players; empty means any site ("*").
	// Every other page refuses to be framed. See ParseFrameAncestors.
	FrameAncestors []string
	// ResumableUploads turns on the tus endpoints under /api/v1/uploads/.
	// Uploads in progress are kept in the catalog and media storage, so
	// every node sharing those can take any request of one.
	ResumableUploads bool
	// MetricsListener says /metrics is served by MetricsHandler on a
	// listener of its own; the main router then answers it 404. Without
	// it, the main router answers it to private addresses only.
	MetricsListener bool
	// BodyTimeout ends a request body that sends nothing for this long,
	// on every route (TimeBody). Default 60s.
	BodyTimeout time.Duration
	// Build is which onair this is, for /healthz and onair_build_info;
	// the zero value means the binary's own (ReadBuild).
	Build Build
	// Sharing says when a subscriber's private feed looks shared (too
	// many networks or apps in a day) and whether to rotate it then; the
	// zero policy notices nothing.
	Sharing publish.SharingPolicy
	// UploadExpiry is how long an unfinished upload is kept after its last
	// byte arrived (default 24h).
	UploadExpiry time.Duration
	// UploadIdleWait bounds how long a request on a resumable upload waits
	// for another in flight on it (a PATCH whose client may be gone, a
	// node finishing it) before it goes on without (default
	// DefaultUploadIdleWait).
	UploadIdleWait time.Duration
	// ImportAllowPrivate lets imports fetch feeds and files on loopback
	// and private network addresses (refused otherwise, against SSRF).
	ImportAllowPrivate bool
}

// Env is what every part of the HTTP surface shares: the configuration,
// the catalog and media storage, the log, the clock and the metrics. Each
// part (api, admin, site, feeds, delivery, uploads) embeds it.
type Env struct {
	URLs
	Cfg   Config
	Store catalog.Store
	Blobs media.Storage
	Log   *slog.Logger
	// Now is the clock; tests set it.
	Now     func() time.Time
	Metrics *Metrics
	// PublicData are the route patterns that answer public, cacheable
	// data such as feeds (see RequestID and Framing). Set while routes
	// are registered, read-only after.
	PublicData map[string]bool
	// CSPEmbed is the embed players' Content-Security-Policy (framing.go).
	CSPEmbed []string
	// CSPPage is every other page's (csp.go), built once and shared.
	CSPPage []string
	// Uploads counts uploads in flight (API and resumable alike).
	Uploads InFlight
	// bodyLimits are the routes whose body limit is not FormBody
	// (SetBodyLimit); set while routes are registered, read-only after.
	bodyLimits map[routeKey]int64
	// signer signs private feeds' media URLs (members.go).
	signer signerOnce
}

// DefaultUploadIdleWait is Config.UploadIdleWait's default: a PATCH whose
// client is long gone, but whose connection the node has not noticed dead,
// holds the upload's other requests up no longer than this.
const DefaultUploadIdleWait = 5 * time.Second

// NewEnv fills in cfg's defaults and returns the shared environment.
func NewEnv(cfg Config, store catalog.Store, blobs media.Storage, log *slog.Logger) *Env {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	cfg.MediaBaseURL = strings.TrimRight(cfg.MediaBaseURL, "/")
	if cfg.MediaRedirectTTL <= 0 {
		cfg.MediaRedirectTTL = time.Hour
	}
	if len(cfg.FrameAncestors) == 0 {
		cfg.FrameAncestors = []string{"*"}
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = 2 << 30
	}
	if cfg.MediaWriteTimeout <= 0 {
		cfg.MediaWriteTimeout = 60 * time.Second
	}
	if cfg.BodyTimeout <= 0 {
		cfg.BodyTimeout = 60 * time.Second
	}
	if cfg.UploadExpiry <= 0 {
		cfg.UploadExpiry = 24 * time.Hour
	}
	if cfg.UploadIdleWait <= 0 {
		cfg.UploadIdleWait = DefaultUploadIdleWait
	}
	e := &Env{URLs: URLs{Base: cfg.BaseURL, MediaBase: cfg.MediaBaseURL}, Cfg: cfg, Store: store, Blobs: blobs, Log: log, Now: time.Now, PublicData: map[string]bool{},
		bodyLimits: map[routeKey]int64{}}
	e.Metrics = e.NewMetrics()
	e.CSPEmbed = []string{embedCSP(cfg)}
	e.CSPPage = []string{pageCSP(cfg)}
	return e
}
