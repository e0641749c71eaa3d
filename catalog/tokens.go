package catalog

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// tokenPrefix marks onair tokens, so a leaked one is easy to recognise and
// to search for in logs and repositories.
const tokenPrefix = "onair_"

// NewToken returns a new secret to give to the publisher and the Token to
// store, which keeps only the secret's hash.
func NewToken(name string) (secret string, t *Token) {
	var b [32]byte
	rand.Read(b[:])
	secret = tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return secret, &Token{ID: NewID(), Name: name, Hash: HashToken(secret)}
}

// HashToken is the SHA-256 of a token secret, the form the store keeps and
// looks tokens up by. Secrets are long and random, so a fast hash is enough.
func HashToken(secret string) []byte {
	h := sha256.Sum256([]byte(strings.TrimSpace(secret)))
	return h[:]
}
