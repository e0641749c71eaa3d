package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
)

const ctxToken = "api_token"

var errUnauthorized = httpError(http.StatusUnauthorized, "unauthorized",
	"a valid API token is required: Authorization: Bearer TOKEN (create one with onair token create)")

// requireToken lets a request through only with a valid bearer token. Only
// the SHA-256 of the secret is stored; the lookup is by hash and the final
// comparison constant-time, so timing tells an attacker nothing.
func (s *Server) requireToken(c *gin.Context) {
	secret, ok := bearerToken(c.GetHeader("Authorization"))
	if !ok {
		c.Header("WWW-Authenticate", `Bearer realm="onair"`)
		s.writeError(c, errUnauthorized)
		return
	}
	tok, err := s.tokenFor(c.Request.Context(), secret)
	if errors.Is(err, catalog.ErrNotFound) {
		c.Header("WWW-Authenticate", `Bearer realm="onair", error="invalid_token"`)
		s.writeError(c, errUnauthorized)
		return
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	// Touch at most once a minute per token: a busy client should not turn
	// every read into a write.
	if now := s.now(); now.Sub(tok.LastUsedAt) > time.Minute {
		if err := s.store.TouchToken(c.Request.Context(), tok.ID, now); err != nil {
			s.log.WarnContext(c.Request.Context(), "touch token", "err", err, "token", tok.ID)
		}
	}
	c.Set(ctxToken, tok)
	c.Next()
}

// tokenFor finds the stored token whose secret this is; ErrNotFound when
// there is none.
func (s *Server) tokenFor(ctx context.Context, secret string) (*catalog.Token, error) {
	hash := catalog.HashToken(secret)
	tok, err := s.store.TokenByHash(ctx, hash)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare(tok.Hash, hash) != 1 {
		return nil, catalog.ErrNotFound
	}
	return tok, nil
}

// bearerToken reads "Bearer TOKEN" (the scheme is case-insensitive).
func bearerToken(h string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}
