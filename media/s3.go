package media

// S3-compatible blob storage through github.com/minio/minio-go/v7 (why that
// client: see the package doc in probe.go).

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// DefaultPartSize is the multipart part size: the memory one upload holds.
const DefaultPartSize = 16 << 20

// minPartSize is S3's smallest part but the last.
const minPartSize = 5 << 20

// S3Config says where an S3 bucket is and how to reach it.
type S3Config struct {
	Bucket    string
	Endpoint  string // host:port; "" for AWS (s3.amazonaws.com).
	Region    string
	PathStyle bool // bucket in the path, not in the host name.
	Secure    bool // https
	AccessKey string
	SecretKey string
	// SessionToken is for temporary credentials; usually "".
	SessionToken string
	// PartSize is the multipart part size (default DefaultPartSize, at
	// least 5 MiB). One upload holds one part in memory.
	PartSize int64
	// Transport, when set, carries the HTTP requests (custom TLS, tests).
	Transport http.RoundTripper
}

// ParseS3URL reads s3://BUCKET?endpoint=HOST:PORT&region=R&path_style=true&secure=false
// into a config without credentials. secure defaults to true. The endpoint
// may also be a URL, as AWS_ENDPOINT_URL is written
// (endpoint=http://host:9000): its scheme then says secure (see SetEndpoint).
func ParseS3URL(raw string) (S3Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return S3Config{}, fmt.Errorf("media: s3 url: %w", err)
	}
	if u.Scheme != "s3" || u.Host == "" {
		return S3Config{}, fmt.Errorf("media: s3 url %q: want s3://BUCKET?endpoint=...", raw)
	}
	q := u.Query()
	cfg := S3Config{
		Bucket: u.Host,
		Region: q.Get("region"),
		Secure: true,
	}
	for name, dst := range map[string]*bool{"path_style": &cfg.PathStyle, "secure": &cfg.Secure} {
		if v := q.Get(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return S3Config{}, fmt.Errorf("media: s3 url: %s=%q: want true or false", name, v)
			}
			*dst = b
		}
	}
	if err := cfg.SetEndpoint(q.Get("endpoint"), q.Has("secure")); err != nil {
		return S3Config{}, err
	}
	if v := q.Get("part_size"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < minPartSize {
			return S3Config{}, fmt.Errorf("media: s3 url: part_size=%q: want bytes, at least %d", v, minPartSize)
		}
		cfg.PartSize = n
	}
	return cfg, nil
}

// S3 keeps blobs as objects in one bucket. Put streams a multipart upload
// and never overwrites a key; Open reads with ranged GETs.
type S3 struct {
	cl       *minio.Client
	core     minio.Core
	bucket   string
	partSize int64
	parts    sync.Pool // *[]byte of partSize
	// infos spares Open its HEAD for a blob it has seen (see infoCache).
	infos *infoCache
}

// NewS3 connects to the bucket and checks that it exists, so a wrong
// endpoint, bucket or key fails at start and not at the first upload.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	endpoint := cfg.Endpoint
	if endpoint == "" {
		endpoint = "s3.amazonaws.com"
	}
	lookup := minio.BucketLookupAuto
	if cfg.PathStyle {
		lookup = minio.BucketLookupPath
	}
	cl, err := minio.New(endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, cfg.SessionToken),
		Secure:       cfg.Secure,
		Region:       cfg.Region,
		BucketLookup: lookup,
		Transport:    cfg.Transport,
	})
	if err != nil {
		return nil, fmt.Errorf("media: s3 %s: %w", endpoint, err)
	}
	ok, err := cl.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("media: s3 %s bucket %s: %w", endpoint, cfg.Bucket, err)
	}
	if !ok {
		return nil, fmt.Errorf("media: s3 %s: bucket %s does not exist", endpoint, cfg.Bucket)
	}
	ps := cfg.PartSize
	if ps == 0 {
		ps = DefaultPartSize
	}
	if ps < minPartSize {
		ps = minPartSize
	}
	s := &S3{cl: cl, core: minio.Core{Client: cl}, bucket: cfg.Bucket, partSize: ps, infos: newInfoCache(infoCacheSize)}
	s.parts.New = func() any { b := make([]byte, ps); return &b }
	return s, nil
}

// Put implements Storage. Bytes go up as they come, one part at a time, and
// the SHA-256 is computed on the way. A blob smaller than one part is a
// single PutObject. Both ways the write is conditional (If-None-Match: *),
// so two nodes racing for one key cannot both win; a server that ignores
// the condition still gets the Stat check first, leaving only the window
// between that check and the write (keys carry a random id, so the race
// needs two writers of the same new key, which onair never makes).
func (s *S3) Put(ctx context.Context, key string, r io.Reader) (BlobInfo, error) {
	if !ValidKey(key) {
		return BlobInfo{}, fmt.Errorf("media: invalid blob key %q", key)
	}
	if _, err := s.Stat(ctx, key); err == nil {
		return BlobInfo{}, fmt.Errorf("%w: %s", ErrExists, key)
	} else if !errors.Is(err, ErrBlobMissing) {
		return BlobInfo{}, err
	}
	bufp := s.parts.Get().(*[]byte)
	defer s.parts.Put(bufp)
	buf := *bufp
	h := sha256.New()
	src := ctxReader{ctx, r}

	n, err := io.ReadFull(src, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return BlobInfo{}, fmt.Errorf("media: put %s: %w", key, err)
	}
	h.Write(buf[:n])
	if n < len(buf) {
		return s.putSmall(ctx, key, buf[:n], h.Sum(nil))
	}
	return s.putMultipart(ctx, key, src, buf, h)
}

func (s *S3) putSmall(ctx context.Context, key string, data []byte, sum []byte) (BlobInfo, error) {
	opts := minio.PutObjectOptions{ContentType: "application/octet-stream"}
	opts.SetMatchETagExcept("*")
	info, err := s.core.PutObject(ctx, s.bucket, key, bytes.NewReader(data), int64(len(data)), "", hex.EncodeToString(sum), opts)
	if err != nil {
		return BlobInfo{}, s.wrap("put", key, err)
	}
	return BlobInfo{Key: key, Size: int64(len(data)), SHA256: hex.EncodeToString(sum), ModTime: modTime(info.LastModified)}, nil
}

func (s *S3) putMultipart(ctx context.Context, key string, src io.Reader, buf []byte, h interface {
	io.Writer
	Sum([]byte) []byte
}) (info BlobInfo, err error) {
	opts := minio.PutObjectOptions{ContentType: "application/octet-stream"}
	id, err := s.core.NewMultipartUpload(ctx, s.bucket, key, opts)
	if err != nil {
		return BlobInfo{}, s.wrap("put", key, err)
	}
	defer func() {
		if err != nil {
			// The request's context may be what ended; aborting must not
			// depend on it, or a cancelled upload would leave its parts.
			actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			if aerr := s.core.AbortMultipartUpload(actx, s.bucket, key, id); aerr != nil {
				err = errors.Join(err, fmt.Errorf("media: abort upload of %s: %w", key, aerr))
			}
		}
	}()
	var parts []minio.CompletePart
	var size int64
	n := len(buf) // the first part is already in buf
	for num := 1; n > 0; num++ {
		p, err := s.core.PutObjectPart(ctx, s.bucket, key, id, num, bytes.NewReader(buf[:n]), int64(n), minio.PutObjectPartOptions{})
		if err != nil {
			return BlobInfo{}, s.wrap("put", key, err)
		}
		parts = append(parts, minio.CompletePart{PartNumber: num, ETag: p.ETag})
		size += int64(n)
		n, err = io.ReadFull(src, buf)
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return BlobInfo{}, fmt.Errorf("media: put %s: %w", key, err)
		}
		h.Write(buf[:n])
	}
	copts := minio.PutObjectOptions{}
	copts.SetMatchETagExcept("*")
	up, err := s.core.CompleteMultipartUpload(ctx, s.bucket, key, id, parts, copts)
	if err != nil {
		return BlobInfo{}, s.wrap("put", key, err)
	}
	return BlobInfo{Key: key, Size: size, SHA256: hex.EncodeToString(h.Sum(nil)), ModTime: modTime(up.LastModified)}, nil
}

// Stat implements Storage. It always asks S3 (one HEAD), so it sees a
// deletion made through another node; what it learns fills the info cache.
// SHA256 is "": S3 does not keep a whole-object SHA-256 of a multipart
// upload.
func (s *S3) Stat(ctx context.Context, key string) (BlobInfo, error) {
	if !ValidKey(key) {
		return BlobInfo{}, fmt.Errorf("media: invalid blob key %q", key)
	}
	oi, err := s.cl.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		err = s.wrap("stat", key, err)
		if errors.Is(err, ErrBlobMissing) {
			s.infos.drop(key)
		}
		return BlobInfo{}, err
	}
	info := BlobInfo{Key: key, Size: oi.Size, ModTime: oi.LastModified}
	s.infos.put(info)
	return info, nil
}

// Open implements Storage: ranged GETs as the reader reads, after one HEAD
// unless the info cache knows the blob. So a blob deleted through another
// node may open from the cache; its first read then fails with
// ErrBlobMissing and drops it.
func (s *S3) Open(ctx context.Context, key string) (Reader, BlobInfo, error) {
	info, ok := s.infos.get(key)
	if !ok {
		var err error
		if info, err = s.Stat(ctx, key); err != nil {
			return nil, BlobInfo{}, err
		}
	}
	return newS3Reader(ctx, s, key, info.Size), info, nil
}

// Delete implements Storage.
func (s *S3) Delete(ctx context.Context, key string) error {
	if !ValidKey(key) {
		return fmt.Errorf("media: invalid blob key %q", key)
	}
	s.infos.drop(key)
	if err := s.cl.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		if errors.Is(s.wrap("delete", key, err), ErrBlobMissing) {
			return nil
		}
		return s.wrap("delete", key, err)
	}
	return nil
}

// Leftovers lists multipart uploads that were started and never completed
// or aborted: what a crashed node may leave. A bucket lifecycle rule
// (AbortIncompleteMultipartUpload) cleans them up in production.
func (s *S3) Leftovers(ctx context.Context) ([]string, error) {
	var out []string
	for u := range s.cl.ListIncompleteUploads(ctx, s.bucket, "", true) {
		if u.Err != nil {
			return out, fmt.Errorf("media: list incomplete uploads: %w", u.Err)
		}
		out = append(out, u.Key+" "+u.UploadID)
	}
	return out, nil
}

// wrap maps S3 errors onto the storage sentinels.
func (s *S3) wrap(op, key string, err error) error {
	resp := minio.ToErrorResponse(err)
	switch {
	case resp.Code == "NoSuchKey" || resp.StatusCode == http.StatusNotFound && resp.Code != "NoSuchBucket":
		return fmt.Errorf("%w: %s", ErrBlobMissing, key)
	case resp.Code == "PreconditionFailed" || resp.StatusCode == http.StatusPreconditionFailed:
		return fmt.Errorf("%w: %s", ErrExists, key)
	}
	return fmt.Errorf("media: s3 %s %s: %w", op, key, err)
}

func modTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now()
	}
	return t
}

// SetEndpoint sets the endpoint from what people paste: HOST:PORT, or a URL
// (http://host:9000, https://s3.example.com/) whose scheme sets Secure.
// explicitSecure says Secure was set on purpose (secure= in the storage
// URL): a scheme that says otherwise is an error, not a silent choice.
// An empty endpoint leaves the config as it is.
func (cfg *S3Config) SetEndpoint(endpoint string, explicitSecure bool) error {
	endpoint = strings.TrimSpace(endpoint)
	if endpoint == "" {
		return nil
	}
	scheme, _, hasScheme := strings.Cut(endpoint, "://")
	if !hasScheme {
		if strings.ContainsAny(endpoint, "/?#") {
			return fmt.Errorf("media: s3 endpoint %q: want HOST:PORT or http(s)://HOST:PORT", endpoint)
		}
		cfg.Endpoint = endpoint
		return nil
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return fmt.Errorf("media: s3 endpoint: %w", err)
	}
	var secure bool
	switch strings.ToLower(scheme) {
	case "https":
		secure = true
	case "http":
	default:
		return fmt.Errorf("media: s3 endpoint %q: the scheme must be http or https", endpoint)
	}
	if u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil || u.Fragment != "" {
		return fmt.Errorf("media: s3 endpoint %q: want http(s)://HOST:PORT, without path, query or credentials", endpoint)
	}
	if explicitSecure && secure != cfg.Secure {
		return fmt.Errorf("media: s3 endpoint %q conflicts with secure=%t: drop one", endpoint, cfg.Secure)
	}
	cfg.Endpoint, cfg.Secure = u.Host, secure
	return nil
}

// EndpointFromEnv fills an endpoint the storage URL left out from the
// AWS SDKs' variables: AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL (URLs
// whose scheme sets Secure). An endpoint in the URL wins over both.
func (cfg *S3Config) EndpointFromEnv(getenv func(string) string) error {
	if cfg.Endpoint != "" {
		return nil
	}
	for _, name := range []string{"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"} {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			if err := cfg.SetEndpoint(v, false); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			return nil
		}
	}
	return nil
}
