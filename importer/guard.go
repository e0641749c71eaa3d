package importer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrPrivateAddress is a URL whose host is (or resolves to, or redirects
// to) an address inside the server's networks: loopback, private,
// link-local (cloud metadata lives there), CGNAT, multicast, unspecified.
// Fetching it for whoever typed the URL would let them reach what only
// the server can (SSRF). AllowPrivate lifts it.
var ErrPrivateAddress = errors.New("importer: the address is private")

// blockedNets are refused besides what netip's own predicates catch.
var blockedNets = []netip.Prefix{
	netip.MustParsePrefix("100.64.0.0/10"),    // CGNAT (RFC 6598)
	netip.MustParsePrefix("192.0.0.0/24"),     // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),    // benchmarking
	netip.MustParsePrefix("0.0.0.0/8"),        // "this network"
	netip.MustParsePrefix("240.0.0.0/4"),      // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b::/96"),     // NAT64: could reach any IPv4
	netip.MustParsePrefix("64:ff9b:1::/48"),   // local-use NAT64
	netip.MustParsePrefix("2002::/16"),        // 6to4 embeds an IPv4 address
	netip.MustParsePrefix("fec0::/10"),        // site-local (deprecated)
	netip.MustParsePrefix("100::/64"),         // discard-only
	netip.MustParsePrefix("fd00:ec2::/32"),    // AWS metadata over IPv6
	netip.MustParsePrefix("169.254.0.0/16"),   // link-local, metadata (also below)
	netip.MustParsePrefix("168.63.129.16/32"), // Azure's wire server
}

// PrivateAddr reports whether a is an address the importer refuses
// without AllowPrivate.
func PrivateAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return true
	}
	for _, p := range blockedNets {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// guardControl is the dialer's Control hook: it runs for the address a
// connection is actually made to, after DNS, for the first request and for
// every redirect alike, so neither a DNS answer nor a Location header can
// lead around it.
func guardControl(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("importer: dial %s: %w", address, err)
	}
	if PrivateAddr(ap.Addr()) {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, ap.Addr())
	}
	return nil
}

// Limits bound what one fetch may take.
type Limits struct {
	// MaxRedirects is how many redirects one request follows.
	MaxRedirects int
	// ConnectTimeout bounds dialing; HeaderTimeout the wait for a
	// response's headers once the request is sent.
	ConnectTimeout time.Duration
	HeaderTimeout  time.Duration
	// IdleTimeout ends a body that sends nothing for this long.
	IdleTimeout time.Duration
}

// DefaultLimits are the limits of an import.
var DefaultLimits = Limits{MaxRedirects: 5, ConnectTimeout: 10 * time.Second, HeaderTimeout: 30 * time.Second, IdleTimeout: 60 * time.Second}

// NewClient returns the HTTP client imports fetch with: no proxy from the
// environment (a proxy would dial for us, unguarded), at most
// l.MaxRedirects redirects and only to http(s), and, unless allowPrivate,
// no connection to a private address (guardControl).
func NewClient(allowPrivate bool, l Limits) *http.Client {
	d := &net.Dialer{Timeout: l.ConnectTimeout, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = guardControl
	}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: l.HeaderTimeout,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > l.MaxRedirects {
				return fmt.Errorf("importer: more than %d redirects", l.MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("importer: redirect to a %s: URL", req.URL.Scheme)
			}
			return nil
		},
	}
}

// privateRefusal says in words why a fetch was refused, or "" when err
// is not such a refusal.
func privateRefusal(err error) string {
	if errors.Is(err, ErrPrivateAddress) {
		return "the URL leads to a private or local network address, which onair does not fetch (allow it with --import-allow-private on the server, --allow-private for onair import)"
	}
	return ""
}

// withTimeout is ctx bounded by d, when d > 0.
func withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}
