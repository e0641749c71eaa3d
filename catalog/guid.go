package catalog

import (
	"crypto/sha1"
	"fmt"
	"strings"
)

// podcastNamespace is the UUIDv5 namespace the Podcasting 2.0 spec fixes for
// podcast:guid.
var podcastNamespace = [16]byte{0xea, 0xd4, 0xc2, 0x36, 0xbf, 0x58, 0x58, 0xc6,
	0xa2, 0xc6, 0xa6, 0xb2, 0x8d, 0x12, 0x8c, 0xb6}

// ShowGUID returns the podcast:guid for a feed URL: a UUIDv5 of the URL
// without its scheme and trailing slashes, as Podcasting 2.0 specifies, so
// any app computes the same value from the feed's address.
func ShowGUID(feedURL string) string {
	u := feedURL
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	u = strings.TrimRight(u, "/")
	h := sha1.New()
	h.Write(podcastNamespace[:])
	h.Write([]byte(u))
	s := h.Sum(nil)
	s[6] = s[6]&0x0f | 0x50
	s[8] = s[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16])
}
