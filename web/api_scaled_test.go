package web

import (
	"context"
	"strconv"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/postgres"
	"github.com/onair-fm/onair/catalog/postgres/pgtest"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/media/storagetest"
)

// newAPIScaled is a server on PostgreSQL (a fresh schema) and S3 (a fresh
// bucket), what a multi-node installation runs on. It skips the test unless
// ONAIR_TEST_POSTGRES and ONAIR_TEST_S3 are both set, and fails it when
// they are set but do not answer.
func newAPIScaled(t testing.TB, cfg ...Config) *apiEnv {
	t.Helper()
	dsn := pgtest.DSN(t)
	s3cfg := storagetest.S3Bucket(t)
	blobs, err := media.NewS3(context.Background(), s3cfg)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := minio.New(s3cfg.Endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(s3cfg.AccessKey, s3cfg.SecretKey, ""),
		Secure:       s3cfg.Secure,
		Region:       s3cfg.Region,
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &apiEnv{t: t, dir: t.TempDir(), blobs: blobs}
	e.openStore = func() (catalog.Store, error) { return postgres.Open(context.Background(), dsn) }
	e.listBlobs = func() []string {
		var lines []string
		for o := range cl.ListObjects(context.Background(), s3cfg.Bucket, minio.ListObjectsOptions{Recursive: true}) {
			if o.Err != nil {
				e.t.Fatal(o.Err)
			}
			lines = append(lines, o.Key+" "+strconv.FormatInt(o.Size, 10))
		}
		for u := range cl.ListIncompleteUploads(context.Background(), s3cfg.Bucket, "", true) {
			lines = append(lines, "incomplete upload "+u.Key)
		}
		return lines
	}
	return e.start(cfg)
}
