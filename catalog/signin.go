package catalog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// SignInStore counts failed dashboard sign-ins in the catalog, so that every
// node behind a load balancer sees the same count: an attacker spreading
// guesses over N nodes gets no more than on one. Keys name who is limited
// (the web package uses client address and email); the stores keep only
// SignInKeyHash of a key, never the key itself.
type SignInStore interface {
	// RecordSignInFailure records one failed sign-in for key at at.
	RecordSignInFailure(ctx context.Context, key string, at time.Time) error
	// SignInFailures counts key's failures recorded after since.
	SignInFailures(ctx context.Context, key string, since time.Time) (int, error)
	// ClearSignInFailures forgets every failure of key (after a sign-in
	// that succeeded).
	ClearSignInFailures(ctx context.Context, key string) error
	// DeleteSignInFailures removes failures, of every key, recorded at or
	// before t and returns how many: those that left every window.
	DeleteSignInFailures(ctx context.Context, t time.Time) (int, error)
}

// SignInKeyHash is how a sign-in key is stored: the hex SHA-256 of it, as
// the key holds an email and an address that a leaked database should not
// list.
func SignInKeyHash(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}
