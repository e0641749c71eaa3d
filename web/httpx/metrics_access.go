package httpx

import (
	"net"
	"net/netip"
	"strings"

	"github.com/gin-gonic/gin"
)

// PrivateClient reports whether the request comes from loopback or a
// private network (RFC 1918, fc00::/7): the connection's peer, the client
// a trusted proxy names (gin's ClientIP), and every address that any
// forwarding header (X-Forwarded-For, X-Real-IP, Forwarded) names, trusted
// or not. Gin reads only bare addresses: a proxy that writes the client's
// port too ("198.51.100.4:41234", as some do) or "unknown" would leave
// ClientIP at the proxy's own private address, so an address that cannot
// be read refuses too. A client can only refuse itself by sending such
// headers, never let itself in. Behind a proxy that names no client at all,
// every request has the proxy's address.
func PrivateClient(c *gin.Context) bool {
	host, _, err := net.SplitHostPort(c.Request.RemoteAddr)
	if err != nil {
		host = c.Request.RemoteAddr
	}
	if !privateAddr(host) || !privateAddr(c.ClientIP()) {
		return false
	}
	h := c.Request.Header
	for _, v := range h.Values("X-Forwarded-For") {
		for _, a := range strings.Split(v, ",") {
			if !privateAddr(hostOf(a)) {
				return false
			}
		}
	}
	for _, v := range h.Values("X-Real-Ip") {
		if !privateAddr(hostOf(v)) {
			return false
		}
	}
	for _, v := range h.Values("Forwarded") {
		for _, elem := range strings.Split(v, ",") {
			for _, pair := range strings.Split(elem, ";") {
				k, a, ok := strings.Cut(strings.TrimSpace(pair), "=")
				if ok && strings.EqualFold(k, "for") && !privateAddr(hostOf(strings.Trim(a, `"`))) {
					return false
				}
			}
		}
	}
	return true
}

// hostOf is the address in a forwarding header's entry: "a", "a:port",
// "[v6]" or "[v6]:port", spaces around it cut.
func hostOf(s string) string {
	s = strings.TrimSpace(s)
	if h, _, err := net.SplitHostPort(s); err == nil {
		return h
	}
	return strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
}

// privateAddr reports whether s is a loopback or private address.
func privateAddr(s string) bool {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return false
	}
	a = a.Unmap()
	return a.IsLoopback() || a.IsPrivate()
}
