package media_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/media/storagetest"
)

// TestParseS3URLEndpointForms: the endpoint forms people paste, the URL
// form setting secure from its scheme, and the conflicts refused.
func TestParseS3URLEndpointForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url      string
		endpoint string
		secure   bool
		err      string
	}{
		{"s3://b?endpoint=host:9000", "host:9000", true, ""},
		{"s3://b?endpoint=host:9000&secure=false", "host:9000", false, ""},
		{"s3://b?endpoint=http://host:9000", "host:9000", false, ""},
		{"s3://b?endpoint=http://host:9000/", "host:9000", false, ""},
		{"s3://b?endpoint=HTTP://host:9000", "host:9000", false, ""},
		{"s3://b?endpoint=https://s3.example.com", "s3.example.com", true, ""},
		{"s3://b?endpoint=" + "http%3A%2F%2Fhost%3A9000", "host:9000", false, ""},
		{"s3://b?endpoint=http://host:9000&secure=false", "host:9000", false, ""},
		{"s3://b?endpoint=https://host&secure=true", "host", true, ""},
		{"s3://b", "", true, ""},
		{"s3://b?endpoint=http://host:9000&secure=true", "", false, "conflicts with secure=true"},
		{"s3://b?endpoint=https://host&secure=false", "", false, "conflicts with secure=false"},
		{"s3://b?endpoint=ftp://host", "", false, "must be http or https"},
		{"s3://b?endpoint=http://host/bucket", "", false, "without path"},
		{"s3://b?endpoint=http://k:s@host", "", false, "without path, query or credentials"},
		{"s3://b?endpoint=host/x", "", false, "want HOST:PORT"},
	}
	for _, tt := range tests {
		cfg, err := media.ParseS3URL(tt.url)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want one saying %q", tt.url, err, tt.err)
			}
			continue
		}
		if err != nil || cfg.Endpoint != tt.endpoint || cfg.Secure != tt.secure || cfg.Bucket != "b" {
			t.Errorf("%s: %+v %v, want endpoint %q secure %v", tt.url, cfg, err, tt.endpoint, tt.secure)
		}
	}
}

// TestS3EndpointFromEnv: AWS_ENDPOINT_URL_S3 wins over AWS_ENDPOINT_URL,
// and an endpoint in the storage URL over both.
func TestS3EndpointFromEnv(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		url      string
		env      map[string]string
		endpoint string
		secure   bool
	}{
		{"s3://b", map[string]string{"AWS_ENDPOINT_URL": "http://general:9000"}, "general:9000", false},
		{"s3://b", map[string]string{"AWS_ENDPOINT_URL": "http://general:9000", "AWS_ENDPOINT_URL_S3": "https://s3only"}, "s3only", true},
		{"s3://b?endpoint=http://own:1", map[string]string{"AWS_ENDPOINT_URL_S3": "https://s3only"}, "own:1", false},
		{"s3://b", nil, "", true},
	}
	for _, tt := range tests {
		cfg, err := media.ParseS3URL(tt.url)
		if err == nil {
			err = cfg.EndpointFromEnv(env(tt.env))
		}
		if err != nil || cfg.Endpoint != tt.endpoint || cfg.Secure != tt.secure {
			t.Errorf("%s with %v: %+v %v, want %q secure %v", tt.url, tt.env, cfg, err, tt.endpoint, tt.secure)
		}
	}
	cfg, _ := media.ParseS3URL("s3://b")
	if err := cfg.EndpointFromEnv(env(map[string]string{"AWS_ENDPOINT_URL": "gopher://x"})); err == nil || !strings.Contains(err.Error(), "AWS_ENDPOINT_URL") {
		t.Errorf("a bad AWS_ENDPOINT_URL: %v", err)
	}
}

// TestS3EndpointURLForms opens the real S3 server through each form: the
// endpoint as a URL in --storage, and in AWS_ENDPOINT_URL_S3 and
// AWS_ENDPOINT_URL, and stores and reads a blob through it.
func TestS3EndpointURLForms(t *testing.T) {
	t.Parallel()
	bucket := storagetest.S3Bucket(t)
	scheme := "http"
	if bucket.Secure {
		scheme = "https"
	}
	endpointURL := scheme + "://" + bucket.Endpoint
	forms := []struct {
		name, url string
		env       map[string]string
	}{
		{"endpoint URL in --storage", "s3://" + bucket.Bucket + "?endpoint=" + endpointURL + "&region=" + bucket.Region, nil},
		{"AWS_ENDPOINT_URL_S3", "s3://" + bucket.Bucket + "?region=" + bucket.Region,
			map[string]string{"AWS_ENDPOINT_URL_S3": endpointURL, "AWS_ENDPOINT_URL": "http://127.0.0.1:1"}},
		{"AWS_ENDPOINT_URL", "s3://" + bucket.Bucket + "?region=" + bucket.Region + "&path_style=true",
			map[string]string{"AWS_ENDPOINT_URL": endpointURL + "/"}},
	}
	for i, f := range forms {
		cfg, err := media.ParseS3URL(f.url)
		if err == nil {
			err = cfg.EndpointFromEnv(func(k string) string { return f.env[k] })
		}
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		cfg.AccessKey, cfg.SecretKey = bucket.AccessKey, bucket.SecretKey
		ctx := context.Background()
		s, err := media.NewS3(ctx, cfg)
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		key := "forms/" + string(rune('a'+i)) + ".bin"
		want := bytes.Repeat([]byte{byte(i)}, 1000)
		if _, err := s.Put(ctx, key, bytes.NewReader(want)); err != nil {
			t.Fatalf("%s: put: %v", f.name, err)
		}
		r, _, err := s.Open(ctx, key)
		if err != nil {
			t.Fatalf("%s: open: %v", f.name, err)
		}
		got, err := io.ReadAll(io.NewSectionReader(r, 0, 1000))
		r.Close()
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: read back %d bytes, %v", f.name, len(got), err)
		}
	}
}
