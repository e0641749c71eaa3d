package catalog

import (
	"crypto/rand"
	"fmt"
)

// idAlphabet has no look-alike characters, so ids survive being read aloud
// or typed from a screenshot.
const idAlphabet = "23456789abcdefghijkmnpqrstuvwxyz"

// NewID returns a short, random, URL-safe id: 12 characters, 60 bits.
func NewID() string {
	var b [12]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = idAlphabet[b[i]&31]
	}
	return string(b[:])
}

// NewGUID returns a random UUID (version 4), for an episode's feed GUID.
func NewGUID() string {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}
