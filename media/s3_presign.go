package media

import (
	"context"
	"fmt"
	"net/url"
	"time"
)

// Presigner is storage that can hand out a URL for reading a blob
// directly, so media requests can be redirected instead of proxied.
type Presigner interface {
	// PresignGet returns a URL that lets anyone GET the blob until ttl
	// passes. contentType and disposition, when not "", are what the
	// response's Content-Type and Content-Disposition will say.
	PresignGet(ctx context.Context, key string, ttl time.Duration, contentType, disposition string) (string, error)
}

var _ Presigner = (*S3)(nil)

// PresignGet implements Presigner with a signed query string (SigV4, at
// most 7 days).
func (s *S3) PresignGet(ctx context.Context, key string, ttl time.Duration, contentType, disposition string) (string, error) {
	if !ValidKey(key) {
		return "", fmt.Errorf("media: invalid blob key %q", key)
	}
	q := url.Values{}
	if contentType != "" {
		q.Set("response-content-type", contentType)
	}
	if disposition != "" {
		q.Set("response-content-disposition", disposition)
	}
	u, err := s.cl.PresignedGetObject(ctx, s.bucket, key, ttl, q)
	if err != nil {
		return "", fmt.Errorf("media: presign %s: %w", key, err)
	}
	return u.String(), nil
}

// RangeHinter is a Reader that reads better when told what is coming:
// ReadHint says the next reads go in order from start to end, so an S3
// reader makes one ranged GET for exactly that instead of guessing.
type RangeHinter interface {
	ReadHint(start, end int64)
}

var _ RangeHinter = (*s3Reader)(nil)
