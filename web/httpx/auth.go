package httpx

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
)

// CtxToken is the gin context key under which RequireToken puts the token.
const CtxToken = "api_token"

// ErrUnauthorized answers an API request without a valid bearer token.
var ErrUnauthorized = NewError(http.StatusUnauthorized, "unauthorized",
	"a valid API token is required: Authorization: Bearer TOKEN (create one with onair token create)")

// RequireToken lets a request through only with a valid bearer token. Only
// the SHA-256 of the secret is stored; the lookup is by hash and the final
// comparison constant-time, so timing tells an attacker nothing.
func (s *Env) RequireToken(c *gin.Context) {
	secret, ok := BearerToken(c.GetHeader("Authorization"))
	if !ok {
		c.Header("WWW-Authenticate", `Bearer realm="onair"`)
		s.WriteError(c, ErrUnauthorized)
		return
	}
	tok, err := s.TokenFor(c.Request.Context(), secret)
	if errors.Is(err, catalog.ErrNotFound) {
		c.Header("WWW-Authenticate", `Bearer realm="onair", error="invalid_token"`)
		s.WriteError(c, ErrUnauthorized)
		return
	}
	if err != nil {
		s.WriteError(c, err)
		return
	}
	// Touch at most once a minute per token: a busy client should not turn
	// every read into a write.
	if now := s.Now(); now.Sub(tok.LastUsedAt) > time.Minute {
		if err := s.Store.TouchToken(c.Request.Context(), tok.ID, now); err != nil {
			s.Log.WarnContext(c.Request.Context(), "touch token", "err", err, "token", tok.ID)
		}
	}
	c.Set(CtxToken, tok)
	c.Next()
}

// TokenFor finds the stored token whose secret this is; ErrNotFound when
// there is none.
func (s *Env) TokenFor(ctx context.Context, secret string) (*catalog.Token, error) {
	hash := catalog.HashToken(secret)
	tok, err := s.Store.TokenByHash(ctx, hash)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare(tok.Hash, hash) != 1 {
		return nil, catalog.ErrNotFound
	}
	return tok, nil
}

// BearerToken reads "Bearer TOKEN" (the scheme is case-insensitive).
func BearerToken(h string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

// HashSecret is what is stored of a session secret: its SHA-256.
func HashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// SessionCookie holds a dashboard session's secret; only its hash is stored.
const SessionCookie = "onair_session"
