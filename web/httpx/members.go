package httpx

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// PrivateFeedPrefix starts the path of every subscriber's private feed,
// /feeds/private/TOKEN.rss. The access log writes such paths without the
// token (RedactPath).
const PrivateFeedPrefix = "/feeds/private/"

// PrivateFeedURL is a subscriber's private RSS feed.
func (s URLs) PrivateFeedURL(token string) string {
	return s.URL(PrivateFeedPrefix + token + ".rss")
}

// RedactPath is path as logs may keep it: a private feed's token is a
// password, so it is replaced.
func RedactPath(path string) string {
	if strings.HasPrefix(path, PrivateFeedPrefix) {
		return PrivateFeedPrefix + "REDACTED.rss"
	}
	return path
}

// MediaSigParam is the query parameter of a signed media URL: the
// subscriber's id, the expiry (Unix seconds) and a MAC of both with the
// blob key, dot-separated.
const MediaSigParam = "m"

// SignedMediaTTL is how long a signed media URL works at least: long
// enough for apps that download episodes days after fetching the feed.
// Expiries are rounded up to the next whole week, so a subscriber's feed
// keeps the same bytes (and ETag) for a week at a time.
const SignedMediaTTL = 30 * 24 * time.Hour

// MediaSigner signs and checks the media URLs of private feeds, with keys
// derived from the installation's secret (shared by every node through the
// catalog). Make one with NewMediaSigner.
//
// A URL's MAC is AES, under a key derived for the subscriber and expiry (an
// HMAC of both), of the blob key's hash: AES is a pseudorandom function on
// one block, and at one block per URL a private feed of a thousand
// episodes is signed afresh for every request in microseconds, with nothing
// kept per subscriber. MACs of the first form (an HMAC per URL, 24
// characters) are still accepted until they expire.
type MediaSigner struct {
	key []byte
}

// NewMediaSigner returns a signer keyed from the installation's secret.
func NewMediaSigner(secret []byte) *MediaSigner {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("onair private media v1"))
	return &MediaSigner{key: m.Sum(nil)}
}

// MediaExpiry is the expiry of URLs signed at now.
func MediaExpiry(now time.Time) time.Time {
	const week = 7 * 24 * time.Hour
	return now.Add(SignedMediaTTL).Truncate(week).Add(week).UTC()
}

// MediaKeyBlock is what a blob key's MAC is made of: its hash, cut to one
// AES block. A private feed's template keeps one per URL.
type MediaKeyBlock [aes.BlockSize]byte

// KeyBlock returns key's MediaKeyBlock.
func KeyBlock(key string) MediaKeyBlock {
	sum := sha256.Sum256([]byte("onair media key\x00" + key))
	return MediaKeyBlock(sum[:aes.BlockSize])
}

// Sign returns the value of MediaSigParam for a subscriber fetching key
// until exp.
func (m *MediaSigner) Sign(key, subscriberID string, exp time.Time) string {
	kb := KeyBlock(key)
	return string(m.ForSubscriber(subscriberID, exp).Append(nil, &kb))
}

// Verify checks a MediaSigParam value for key at now, comparing in
// constant time, and returns the subscriber it was signed for.
func (m *MediaSigner) Verify(key, value string, now time.Time) (subscriberID string, err error) {
	sub, rest, ok1 := strings.Cut(value, ".")
	exp, sig, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || sub == "" {
		return "", fmt.Errorf("httpx: malformed media signature")
	}
	var want []byte
	switch len(sig) {
	case MACLen:
		ss := &SubscriberSigner{sub: sub, exp: exp, m: m}
		kb := KeyBlock(key)
		want = ss.AppendMAC(nil, &kb)
	case hmacLen:
		want = m.hmacV1(key, sub, exp)
	default:
		return "", fmt.Errorf("httpx: malformed media signature")
	}
	if !hmac.Equal([]byte(sig), want) {
		return "", fmt.Errorf("httpx: bad media signature")
	}
	n, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || !now.Before(time.Unix(n, 0)) {
		return "", fmt.Errorf("httpx: media signature expired")
	}
	return sub, nil
}

// MACLen and hmacLen are the lengths of the two MAC forms, base64url: an
// AES block, which ends every MediaSigParam value a signer makes now, and
// the first form's 18 bytes of an HMAC.
const (
	MACLen  = 22
	hmacLen = 24
)

// hmacV1 is the first form's MAC: an HMAC of key under an HMAC of the
// subscriber and expiry.
func (m *MediaSigner) hmacV1(key, sub, exp string) []byte {
	d := hmac.New(sha256.New, m.key)
	d.Write([]byte(sub))
	d.Write([]byte{0})
	d.Write([]byte(exp))
	h := hmac.New(sha256.New, d.Sum(nil))
	h.Write([]byte(key))
	return base64.RawURLEncoding.AppendEncode(nil, h.Sum(nil)[:18])
}

// signerOnce loads the installation's secret for the media signer once it
// is first needed (and again after a failure).
type signerOnce struct {
	mu sync.Mutex
	s  *MediaSigner
}

// MediaSigner returns the installation's media signer.
func (s *Env) MediaSigner(ctx context.Context) (*MediaSigner, error) {
	s.signer.mu.Lock()
	defer s.signer.mu.Unlock()
	if s.signer.s != nil {
		return s.signer.s, nil
	}
	secret, err := s.Store.AnalyticsSecret(ctx)
	if err != nil {
		return nil, fmt.Errorf("httpx: installation secret: %w", err)
	}
	s.signer.s = NewMediaSigner(secret)
	return s.signer.s, nil
}

// SubscriberSigner signs media URLs for one subscriber and expiry: the
// per-request part of a private feed. It derives the subscriber's AES key
// for that expiry once; each URL's MAC is then one block encryption.
type SubscriberSigner struct {
	sub, exp string
	m        *MediaSigner
	block    cipher.Block
	out      [aes.BlockSize]byte
}

// SigLen is the length of every MediaSigParam value a signer makes: a
// 12-character subscriber id, a 10-digit expiry and a MACLen-character MAC.
const SigLen = 12 + 1 + 10 + 1 + MACLen

// ForSubscriber returns the signer of sub's URLs valid until exp.
func (m *MediaSigner) ForSubscriber(sub string, exp time.Time) *SubscriberSigner {
	return &SubscriberSigner{sub: sub, exp: strconv.FormatInt(exp.Unix(), 10), m: m}
}

func (ss *SubscriberSigner) init() {
	if ss.block != nil {
		return
	}
	d := hmac.New(sha256.New, ss.m.key)
	d.Write([]byte("aes\x00"))
	d.Write([]byte(ss.sub))
	d.Write([]byte{0})
	d.Write([]byte(ss.exp))
	b, err := aes.NewCipher(d.Sum(nil)[:16])
	if err != nil {
		panic(err) // a 16-byte key is always valid
	}
	ss.block = b
}

// Append appends the MediaSigParam value for the blob key kb stands for
// to buf: AppendPrefix, then AppendMAC.
func (ss *SubscriberSigner) Append(buf []byte, kb *MediaKeyBlock) []byte {
	return ss.AppendMAC(ss.AppendPrefix(buf), kb)
}

// AppendPrefix appends what every MediaSigParam value of this signer
// starts with, the subscriber and the expiry, to buf.
func (ss *SubscriberSigner) AppendPrefix(buf []byte) []byte {
	buf = append(buf, ss.sub...)
	buf = append(buf, '.')
	buf = append(buf, ss.exp...)
	return append(buf, '.')
}

// AppendMAC appends the MAC for the blob key kb stands for to buf, base64url:
// the rest of its MediaSigParam value, MACLen bytes.
func (ss *SubscriberSigner) AppendMAC(buf []byte, kb *MediaKeyBlock) []byte {
	ss.init()
	ss.block.Encrypt(ss.out[:], kb[:])
	return base64.RawURLEncoding.AppendEncode(buf, ss.out[:])
}

// Hash is a keyed hash of parts, short and hex: what is stored of a
// client's network or app when telling shared feeds apart, never the
// address itself.
func (m *MediaSigner) Hash(parts ...string) string {
	h := hmac.New(sha256.New, m.key)
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:12])
}
