package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"time"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web"
)

// serveConfig is what onair serve runs with: its flags, each also read
// from its ONAIR_* variable. validate checks all that can be checked before
// anything is bound or opened, so a mistake stops serve at once and leaves
// no listener, database or media folder behind.
type serveConfig struct {
	data              dataFlags
	addr              string
	logLevel          string
	metricsAddr       string
	baseURL           string
	maxUpload         int64
	websubHub         string
	notifyCmd         string
	notifyTimeout     time.Duration
	countDownloads    bool
	trustedProxies    string
	mediaWriteTimeout time.Duration
	bodyTimeout       time.Duration
	mediaRedirect     bool
	mediaBaseURL      string
	mediaRedirectTTL  time.Duration
	uploadExpiry      time.Duration
	orphanGrace       time.Duration
	demo              bool
	frameAncestors    string
	importPrivate     bool
	importEvery       time.Duration
	transcribeCmd     string
	transcribeJobs    int
	transcribeTimeout time.Duration
	sharingNetworks   int
	sharingAgents     int
	sharingRotate     bool

	// Read from the flags above by validate.
	level      slog.Level
	proxies    []string
	ancestors  []string
	transcribe []string // the --transcribe-cmd program and its arguments
}

// register adds serve's flags, with their defaults, to fs.
func (c *serveConfig) register(fs *flag.FlagSet) {
	c.data.register(fs)
	fs.StringVar(&c.addr, "addr", ":8080", "address to listen on")
	fs.StringVar(&c.logLevel, "log-level", "info", "least important log lines written: debug, info (one line per request), warn or error")
	fs.StringVar(&c.metricsAddr, "metrics-addr", "", "serve /metrics on this address of its own, e.g. 127.0.0.1:9090 (empty: on --addr, to loopback and private addresses only)")
	fs.StringVar(&c.baseURL, "base-url", "", "public URL of the server (default http://localhost:PORT)")
	fs.Int64Var(&c.maxUpload, "max-upload", 2<<30, "largest accepted upload in bytes")
	fs.StringVar(&c.websubHub, "websub-hub", "", "WebSub hub that feeds advertise and ping when they change (off when empty)")
	fs.StringVar(&c.notifyCmd, "notify-cmd", "", "command run with the RSS feed URL as its last argument on every feed change, e.g. a podping.cloud client (split at spaces, no shell; off when empty)")
	fs.DurationVar(&c.notifyTimeout, "notify-timeout", 30*time.Second, "end a --notify-cmd run that takes longer")
	fs.BoolVar(&c.countDownloads, "count-downloads", true, "count downloads (IAB v2.1) from delivered audio")
	fs.StringVar(&c.trustedProxies, "trusted-proxies", "127.0.0.1/8,::1/128", "reverse proxies (addresses or CIDRs, comma separated; empty for none) whose X-Forwarded-For names the client")
	fs.DurationVar(&c.mediaWriteTimeout, "media-write-timeout", 60*time.Second, "end a media download that sends nothing for this long")
	fs.DurationVar(&c.bodyTimeout, "body-timeout", 60*time.Second, "end a request whose body sends nothing for this long")
	fs.BoolVar(&c.mediaRedirect, "media-redirect", false, "answer media requests with a 302 to a presigned S3 URL (or to --media-base-url) instead of sending the bytes")
	fs.StringVar(&c.mediaBaseURL, "media-base-url", "", "with --media-redirect: a CDN serving blobs by key, e.g. https://cdn.example.com")
	fs.DurationVar(&c.mediaRedirectTTL, "media-redirect-ttl", time.Hour, "with --media-redirect: how long a presigned URL works")
	fs.DurationVar(&c.uploadExpiry, "upload-expiry", 24*time.Hour, "how long an unfinished resumable upload is kept after its last byte")
	fs.DurationVar(&c.orphanGrace, "orphan-grace", 24*time.Hour, "media blobs no episode, show or upload refers to (what a crash leaves) are removed once this old; longer than the longest upload takes")
	fs.StringVar(&c.transcribeCmd, "transcribe-cmd", "", "speech-to-text program run on each new audio file (its path is added as the last argument); it prints WebVTT or SRT, e.g. 'contrib/pocketsphinx-vtt' (off when empty)")
	fs.IntVar(&c.transcribeJobs, "transcribe-jobs", 1, "with --transcribe-cmd: how many run at once")
	fs.DurationVar(&c.transcribeTimeout, "transcribe-timeout", 30*time.Minute, "with --transcribe-cmd: stop a run that takes longer")
	fs.IntVar(&c.sharingNetworks, "sharing-networks", 6, "flag a subscriber as sharing_suspected when their private feed is fetched from more client networks (/24 IPv4, /48 IPv6) than this in a UTC day (0: never)")
	fs.IntVar(&c.sharingAgents, "sharing-agents", 4, "flag a subscriber as sharing_suspected when their private feed is fetched by more apps (user agents) than this in a UTC day (0: never)")
	fs.BoolVar(&c.sharingRotate, "sharing-rotate", false, "give a subscriber whose feed looks shared a new feed URL at once (the old one stops working)")
	fs.BoolVar(&c.demo, "demo", false, "create a demo show with a few short episodes (once; kept on later starts)")
	fs.BoolVar(&c.importPrivate, "import-allow-private", false, "let imports fetch feeds and files on loopback and private network addresses (refused otherwise)")
	fs.DurationVar(&c.importEvery, "import-mirror-every", time.Minute, "how often the server looks for mirrored shows whose sync is due")
	fs.StringVar(&c.frameAncestors, "frame-ancestors", "*",
		"sites allowed to frame the embeddable players: CSP sources separated by spaces or commas (* = any)")
}

// parseServeConfig reads serve's flags from args and the environment and
// validates them. Flag errors and usage go to stderr.
func parseServeConfig(args []string, stderr io.Writer) (*serveConfig, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &serveConfig{}
	c.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// validate checks the flags that need no listener, store or storage to
// check, and fills level, proxies and ancestors from them.
func (c *serveConfig) validate() error {
	c.proxies = splitList(c.trustedProxies)
	for _, p := range c.proxies {
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				return fmt.Errorf("--trusted-proxies: %q is neither an address nor a CIDR range", p)
			}
		}
	}
	if err := checkBaseURL(c.baseURL); err != nil {
		return err
	}
	if c.maxUpload <= 0 {
		return fmt.Errorf("--max-upload must be a positive number of bytes, not %d", c.maxUpload)
	}
	if c.notifyTimeout <= 0 {
		return fmt.Errorf("--notify-timeout must be a positive duration, not %s", c.notifyTimeout)
	}
	if c.bodyTimeout <= 0 {
		return fmt.Errorf("--body-timeout must be a positive duration, not %s", c.bodyTimeout)
	}
	if c.sharingNetworks < 0 || c.sharingAgents < 0 {
		return fmt.Errorf("--sharing-networks and --sharing-agents must be 0 (off) or more")
	}
	if c.orphanGrace < time.Minute {
		return fmt.Errorf("--orphan-grace must be at least 1m (an upload in flight has its blob before its episode), not %s", c.orphanGrace)
	}
	if c.importEvery < time.Second {
		return fmt.Errorf("--import-mirror-every must be at least 1s, not %s", c.importEvery)
	}
	if err := c.checkTranscribe(); err != nil {
		return err
	}
	if err := c.level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return fmt.Errorf("--log-level: %q is not one of debug, info, warn, error", c.logLevel)
	}
	ancestors, err := web.ParseFrameAncestors(c.frameAncestors)
	if err != nil {
		return err
	}
	c.ancestors = ancestors
	if err := c.data.check(); err != nil {
		return err
	}
	// Local files cannot be presigned: that needs the storage's kind, not
	// an open storage (web.CheckMediaRedirect checks the open one again).
	if c.data.storage == "" {
		if err := web.CheckMediaRedirect(c.web("", nil), (*media.Local)(nil)); err != nil {
			return err
		}
	}
	return nil
}

// web is the server's configuration, with the base URL and the recorder
// known only once the listener is bound and the store open.
func (c *serveConfig) web(baseURL string, rec *analytics.Recorder) web.Config {
	return web.Config{BaseURL: baseURL, MaxUpload: c.maxUpload,
		WebSubHub: c.websubHub, NotifyCmd: c.notifyCmd, NotifyTimeout: c.notifyTimeout, MediaWriteTimeout: c.mediaWriteTimeout, BodyTimeout: c.bodyTimeout, Downloads: rec, TrustedProxies: c.proxies,
		MediaRedirect: c.mediaRedirect, MediaBaseURL: c.mediaBaseURL, MediaRedirectTTL: c.mediaRedirectTTL,
		FrameAncestors:   c.ancestors,
		ResumableUploads: true, UploadExpiry: c.uploadExpiry,
		MetricsListener: c.metricsAddr != "", ImportAllowPrivate: c.importPrivate, Build: build(),
		Sharing: publish.SharingPolicy{MaxNetworks: c.sharingNetworks, MaxAgents: c.sharingAgents, AutoRotate: c.sharingRotate}}
}

// reclaimEvery is how often blobs no row refers to, and crash leftovers,
// are looked for: a quarter of the grace, between a minute and an hour.
func (c *serveConfig) reclaimEvery() time.Duration {
	return min(max(c.orphanGrace/4, time.Minute), time.Hour)
}

// janitorEvery is how often abandoned uploads and expired sessions are
// removed: a quarter of the upload expiry, at most ten minutes.
func (c *serveConfig) janitorEvery() time.Duration {
	return min(c.uploadExpiry/4, 10*time.Minute)
}
