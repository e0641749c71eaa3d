package storagetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/onair-fm/onair/media"
)

// EnvS3 names the variable that points tests at an S3 server, as
// http://ACCESS_KEY:SECRET_KEY@HOST:PORT (https for TLS).
const EnvS3 = "ONAIR_TEST_S3"

// unreachable remembers a server that did not make a bucket, so the rest
// of the tests fail at once instead of each retrying for seconds.
var unreachable sync.Map

// S3Bucket makes a new, empty bucket on the server ONAIR_TEST_S3 names and
// returns its config (with credentials); the bucket and everything in it
// goes when the test ends. Without ONAIR_TEST_S3 the test is skipped; with
// it set and the server not answering, the test fails.
func S3Bucket(t testing.TB) media.S3Config {
	t.Helper()
	raw := os.Getenv(EnvS3)
	if raw == "" {
		t.Skipf("%s not set; to run against S3 start one, e.g. "+
			"ROOT_ACCESS_KEY=k ROOT_SECRET_KEY=s versitygw --port 127.0.0.1:7070 posix /tmp/s3 "+
			"and set %s=http://k:s@127.0.0.1:7070", EnvS3, EnvS3)
	}
	cfg, err := ParseS3Env(raw)
	if err != nil {
		t.Fatal(err)
	}
	var b [6]byte
	rand.Read(b[:])
	cfg.Bucket = "onair-test-" + hex.EncodeToString(b[:])
	if err, ok := unreachable.Load(raw); ok {
		t.Fatalf("%s=%s: %v", EnvS3, redact(raw), err)
	}
	cl := s3Client(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := cl.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region}); err != nil {
		// The client retries for seconds; the next test fails at once.
		unreachable.Store(raw, err)
		t.Fatalf("%s=%s: make bucket: %v", EnvS3, redact(raw), err)
	}
	t.Cleanup(func() { removeBucket(t, cl, cfg.Bucket) })
	return cfg
}

// S3 returns storage in a new bucket (see S3Bucket).
func S3(t testing.TB) *media.S3 {
	t.Helper()
	cfg := S3Bucket(t)
	s, err := media.NewS3(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// ParseS3Env reads an ONAIR_TEST_S3 value into a config without a bucket.
func ParseS3Env(raw string) (media.S3Config, error) {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return media.S3Config{}, fmt.Errorf("%s=%s: want http://ACCESS_KEY:SECRET_KEY@HOST:PORT", EnvS3, redact(raw))
	}
	secret, _ := u.User.Password()
	return media.S3Config{
		Endpoint:  u.Host,
		Region:    "us-east-1",
		PathStyle: true,
		Secure:    u.Scheme == "https",
		AccessKey: u.User.Username(),
		SecretKey: secret,
	}, nil
}

// StorageURL renders cfg as the --storage flag spells it; credentials go
// in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, not in the URL.
func StorageURL(cfg media.S3Config) string {
	q := url.Values{}
	q.Set("endpoint", cfg.Endpoint)
	q.Set("region", cfg.Region)
	q.Set("path_style", fmt.Sprint(cfg.PathStyle))
	q.Set("secure", fmt.Sprint(cfg.Secure))
	return "s3://" + cfg.Bucket + "?" + q.Encode()
}

func s3Client(t testing.TB, cfg media.S3Config) *minio.Client {
	t.Helper()
	cl, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       cfg.Secure,
		Region:       cfg.Region,
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// removeBucket empties the bucket (objects and unfinished uploads) and
// removes it.
func removeBucket(t testing.TB, cl *minio.Client, bucket string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for u := range cl.ListIncompleteUploads(ctx, bucket, "", true) {
		if u.Err == nil {
			cl.RemoveIncompleteUpload(ctx, bucket, u.Key)
		}
	}
	for o := range cl.ListObjects(ctx, bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			t.Errorf("cleanup: list %s: %v", bucket, o.Err)
			return
		}
		if err := cl.RemoveObject(ctx, bucket, o.Key, minio.RemoveObjectOptions{}); err != nil {
			t.Errorf("cleanup: remove %s/%s: %v", bucket, o.Key, err)
		}
	}
	if err := cl.RemoveBucket(ctx, bucket); err != nil {
		t.Errorf("cleanup: remove bucket %s: %v", bucket, err)
	}
}

func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	return "(unparsable)"
}
