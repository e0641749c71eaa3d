package httpx

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestMediaSigner(t *testing.T) {
	t.Parallel()
	m := NewMediaSigner([]byte("installation secret"))
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	exp := MediaExpiry(now)
	if exp.Sub(now) < SignedMediaTTL || exp.Sub(now) > SignedMediaTTL+7*24*time.Hour || MediaExpiry(now.Add(time.Hour)) != exp {
		t.Errorf("MediaExpiry(%v) = %v: want 30 to 37 days on, the same for a week", now, exp)
	}
	sig := m.Sign("episodes/a/b.mp3", "sub1", exp)
	kb := KeyBlock("episodes/a/b.mp3")
	if got := string(m.ForSubscriber("sub1", exp).Append(nil, &kb)); got != sig || len(got) != len("sub1")+SigLen-12 {
		t.Errorf("Append = %q, Sign = %q", got, sig)
	}
	// URLs signed in the first form (an HMAC each) keep working until
	// they expire.
	e := strconv.FormatInt(exp.Unix(), 10)
	v1 := "sub1." + e + "." + string(m.hmacV1("episodes/a/b.mp3", "sub1", e))
	if id, err := m.Verify("episodes/a/b.mp3", v1, now); err != nil || id != "sub1" {
		t.Errorf("Verify(first form) = %q, %v", id, err)
	}
	if _, err := m.Verify("episodes/a/c.mp3", v1, now); err == nil {
		t.Error("a first-form MAC verified for another key")
	}
	if id, err := m.Verify("episodes/a/b.mp3", sig, now); err != nil || id != "sub1" {
		t.Errorf("Verify = %q, %v", id, err)
	}
	other := NewMediaSigner([]byte("another installation"))
	for name, tc := range map[string]struct {
		key, sig string
		at       time.Time
	}{
		"expired":          {"episodes/a/b.mp3", sig, exp},
		"other key":        {"episodes/a/c.mp3", sig, now},
		"other subscriber": {"episodes/a/b.mp3", strings.Replace(sig, "sub1", "sub2", 1), now},
		"later expiry":     {"episodes/a/b.mp3", m.Sign("x", "sub1", exp.Add(time.Hour)), now},
		"other secret":     {"episodes/a/b.mp3", other.Sign("episodes/a/b.mp3", "sub1", exp), now},
		"empty":            {"episodes/a/b.mp3", "", now},
		"no subscriber":    {"episodes/a/b.mp3", strings.TrimPrefix(sig, "sub1"), now},
		"short MAC":        {"episodes/a/b.mp3", sig[:len(sig)-1], now},
	} {
		if _, err := m.Verify(tc.key, tc.sig, tc.at); err == nil {
			t.Errorf("%s: verified", name)
		}
	}
}

func FuzzMediaSignature(f *testing.F) {
	m := NewMediaSigner([]byte("s"))
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	f.Add("episodes/a/b.mp3", m.Sign("episodes/a/b.mp3", "sub", MediaExpiry(now)))
	f.Add("k", "a.b.c")
	f.Add("k", "..")
	f.Add("k", "x.99999999999999999999999.y")
	f.Fuzz(func(t *testing.T, key, sig string) {
		id, err := m.Verify(key, sig, now)
		if err != nil {
			return
		}
		exp := time.Unix(mustExp(sig), 0)
		e := strconv.FormatInt(exp.Unix(), 10)
		if m.Sign(key, id, exp) != sig && id+"."+e+"."+string(m.hmacV1(key, id, e)) != sig {
			t.Fatalf("verified %q for %q, which Sign does not make", sig, key)
		}
	})
}

func mustExp(sig string) int64 {
	parts := strings.Split(sig, ".")
	var n int64
	for _, c := range parts[1] {
		n = n*10 + int64(c-'0')
	}
	return n
}

func TestRedactPath(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"/feeds/private/m_secret.rss": "/feeds/private/REDACTED.rss",
		"/feeds/private/":             "/feeds/private/REDACTED.rss",
		"/shows/daily/feed.rss":       "/shows/daily/feed.rss",
	} {
		if got := RedactPath(in); got != want {
			t.Errorf("RedactPath(%q) = %q", in, got)
		}
	}
}
