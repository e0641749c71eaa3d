// Package analytics counts podcast downloads the way the IAB Podcast
// Measurement Technical Guidelines v2.1 count them: one per listener (the
// address, IPv6 cut to its /64, plus the user agent) per episode in a rolling
// 24-hour window, once the listener has fetched a minute of audio, with bots
// left out. Delivery records byte ranges in memory; a Recorder writes them to
// the catalog in batches and folds them into downloads there, so counts from
// many nodes add up. No HTTP here, and no raw addresses anywhere.
package analytics

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"sync"
	"time"
)

// Hasher turns an address and user agent into an opaque listener id. The
// key changes every UTC day (derived from the installation's secret), so
// ids cannot be joined across days nor reversed without the secret.
type Hasher struct {
	secret []byte

	mu      sync.Mutex
	day     string
	dayKey  []byte
	prevKey []byte
}

// NewHasher returns a Hasher keyed by secret.
func NewHasher(secret []byte) *Hasher {
	return &Hasher{secret: append([]byte(nil), secret...)}
}

// Listener returns the listener id for a client address (as in
// RemoteAddr or X-Forwarded-For, without the port) and user agent at t.
// IPv6 addresses count by their /64, as the IAB guidelines say, since one
// device's host bits change over time.
func (h *Hasher) Listener(ip, userAgent string, t time.Time) string {
	return h.listener(h.key(t), ip, userAgent)
}

// Listeners returns the listener id at t and under the previous day's key.
func (h *Hasher) Listeners(ip, userAgent string, t time.Time) (now, prev string) {
	k, pk := h.keys(t)
	return h.listener(k, ip, userAgent), h.listener(pk, ip, userAgent)
}

func (h *Hasher) listener(key []byte, ip, userAgent string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(NetworkOf(ip)))
	m.Write([]byte{0})
	m.Write([]byte(userAgent))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

func (h *Hasher) key(t time.Time) []byte {
	k, _ := h.keys(t)
	return k
}

// keys returns the keys of t's UTC day and of the day before, caching them.
func (h *Hasher) keys(t time.Time) (today, yesterday []byte) {
	day := t.UTC().Format(time.DateOnly)
	h.mu.Lock()
	defer h.mu.Unlock()
	if day != h.day {
		prev := t.UTC().AddDate(0, 0, -1).Format(time.DateOnly)
		h.day, h.dayKey, h.prevKey = day, h.derive(day), h.derive(prev)
	}
	return h.dayKey, h.prevKey
}

func (h *Hasher) derive(day string) []byte {
	m := hmac.New(sha256.New, h.secret)
	m.Write([]byte("onair listener key " + day))
	return m.Sum(nil)
}

// NetworkOf returns what identifies a client's network: an IPv4 address
// as is, an IPv6 address cut to its /64. Text that is not an address is
// returned unchanged.
func NetworkOf(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}
