package main

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestServeConfig checks serve's flags without binding or opening
// anything: what each mistake is told as, word for word, and what the
// accepted values become. A refused configuration leaves no data folder.
func TestServeConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string // the error; "" for none
		ok   func(*serveConfig) bool
	}{
		{name: "defaults", ok: func(c *serveConfig) bool {
			return c.addr == ":8080" && c.level == slog.LevelInfo && c.maxUpload == 2<<30 && c.countDownloads &&
				reflect.DeepEqual(c.proxies, []string{"127.0.0.1/8", "::1/128"}) &&
				reflect.DeepEqual(c.ancestors, []string{"*"}) && c.janitorEvery() == 10*time.Minute &&
				c.web("", nil).BodyTimeout == time.Minute
		}},
		{name: "no proxies", args: []string{"--trusted-proxies", ""},
			ok: func(c *serveConfig) bool { return c.proxies != nil && len(c.proxies) == 0 }},
		{name: "proxy address and range", args: []string{"--trusted-proxies", "10.0.0.1, 192.168.0.0/16"},
			ok: func(c *serveConfig) bool { return reflect.DeepEqual(c.proxies, []string{"10.0.0.1", "192.168.0.0/16"}) }},
		{name: "bad proxy", args: []string{"--trusted-proxies", "10.0.0.0/8,proxy.local"},
			want: `--trusted-proxies: "proxy.local" is neither an address nor a CIDR range`},
		{name: "base URL without scheme", args: []string{"--base-url", "pod.example.com"},
			want: `--base-url "pod.example.com": want an absolute http:// or https:// URL such as https://pod.example.com`},
		{name: "base URL with a query", args: []string{"--base-url", "https://pod.example.com/?a=1"},
			want: `--base-url "https://pod.example.com/?a=1": want an absolute http:// or https:// URL such as https://pod.example.com`},
		{name: "zero max upload", args: []string{"--max-upload", "0"},
			want: "--max-upload must be a positive number of bytes, not 0"},
		{name: "negative max upload", args: []string{"--max-upload", "-5"},
			want: "--max-upload must be a positive number of bytes, not -5"},
		{name: "body timeout", args: []string{"--body-timeout", "15s"},
			ok: func(c *serveConfig) bool { return c.web("", nil).BodyTimeout == 15*time.Second }},
		{name: "zero body timeout", args: []string{"--body-timeout", "0s"},
			want: "--body-timeout must be a positive duration, not 0s"},
		{name: "notify command", args: []string{"--notify-cmd", "/usr/local/bin/podping --quiet", "--notify-timeout", "5s"},
			ok: func(c *serveConfig) bool {
				w := c.web("", nil)
				return w.NotifyCmd == "/usr/local/bin/podping --quiet" && w.NotifyTimeout == 5*time.Second
			}},
		{name: "zero notify timeout", args: []string{"--notify-timeout", "0s"},
			want: "--notify-timeout must be a positive duration, not 0s"},
		{name: "log level", args: []string{"--log-level", "debug"},
			ok: func(c *serveConfig) bool { return c.level == slog.LevelDebug }},
		{name: "bad log level", args: []string{"--log-level", "loud"},
			want: `--log-level: "loud" is not one of debug, info, warn, error`},
		{name: "frame ancestors", args: []string{"--frame-ancestors", "https://a.example, 'self'"},
			ok: func(c *serveConfig) bool {
				return reflect.DeepEqual(c.ancestors, []string{"https://a.example", "'self'"})
			}},
		{name: "none and more frame ancestors", args: []string{"--frame-ancestors", "'none' https://a.example"},
			want: "web: frame ancestors: 'none' cannot be combined with other sources"},
		{name: "bad frame ancestor", args: []string{"--frame-ancestors", `https://a.example;script-src`},
			want: `web: frame ancestors: bad source "https://a.example;script-src"`},
		{name: "bad db", args: []string{"--db", "mysql://db"},
			want: `unsupported --db "mysql://db": want empty (SQLite) or postgres://`},
		{name: "bad storage", args: []string{"--storage", "gs://bucket"},
			want: `unsupported --storage "gs://bucket": want empty (local files) or s3://`},
		{name: "bad s3 URL", args: []string{"--storage", "s3://bucket?secure=maybe"},
			want: `media: s3 url: secure="maybe": want true or false`},
		{name: "redirect from local files", args: []string{"--media-redirect"},
			want: "web: --media-redirect needs S3 storage or --media-base-url"},
		{name: "redirect to a CDN", args: []string{"--media-redirect", "--media-base-url", "https://cdn.example"},
			ok: func(c *serveConfig) bool { return c.web("", nil).MediaRedirect }},
		{name: "redirect from S3", args: []string{"--media-redirect", "--storage", "s3://bucket?endpoint=127.0.0.1:1"},
			ok: func(c *serveConfig) bool { return c.web("", nil).MediaRedirect }},
		{name: "short upload expiry", args: []string{"--upload-expiry", "20m"},
			ok: func(c *serveConfig) bool {
				return c.janitorEvery() == 5*time.Minute && c.web("", nil).UploadExpiry == 20*time.Minute
			}},
		{name: "orphan grace", args: []string{"--orphan-grace", "2h"},
			ok: func(c *serveConfig) bool { return c.orphanGrace == 2*time.Hour && c.reclaimEvery() == 30*time.Minute }},
		{name: "default orphan grace", ok: func(c *serveConfig) bool {
			return c.orphanGrace == 24*time.Hour && c.reclaimEvery() == time.Hour
		}},
		{name: "short orphan grace", args: []string{"--orphan-grace", "10s"},
			want: "--orphan-grace must be at least 1m (an upload in flight has its blob before its episode), not 10s"},
		{name: "transcribe command", args: []string{"--transcribe-cmd", "sh -c 'cat \"$0\"' --", "--transcribe-jobs", "2"},
			ok: func(c *serveConfig) bool {
				return len(c.transcribe) == 4 && c.transcribe[0] == "sh" && c.transcribeJobs == 2
			}},
		{name: "missing transcribe program", args: []string{"--transcribe-cmd", "no-such-whisper -m x.bin"},
			want: "--transcribe-cmd: no-such-whisper: no such program"},
		{name: "unclosed quote", args: []string{"--transcribe-cmd", "sh -c 'x"},
			want: "--transcribe-cmd: unclosed ' quote"},
		{name: "no transcribe jobs", args: []string{"--transcribe-cmd", "sh", "--transcribe-jobs", "0"},
			want: "--transcribe-jobs must be at least 1, not 0"},
		{name: "metrics listener", args: []string{"--metrics-addr", "127.0.0.1:0"},
			ok: func(c *serveConfig) bool { return c.web("", nil).MetricsListener }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := filepath.Join(t.TempDir(), "data")
			c, err := parseServeConfig(append([]string{"--data", data}, tt.args...), io.Discard)
			switch {
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Errorf("error %v, want %q", err, tt.want)
			case tt.want == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.ok != nil && !tt.ok(c):
				t.Errorf("config %+v", c)
			}
			if _, err := os.Stat(data); err == nil {
				t.Errorf("checking the flags created %s", data)
			}
		})
	}
}

// TestServeConfigBadValue: a value the flag package refuses is exit
// status 2, as everywhere (it has printed the error and the usage).
func TestServeConfigBadValue(t *testing.T) {
	t.Parallel()
	var code errExit
	if _, err := parseServeConfig([]string{"--max-upload", "lots"}, io.Discard); !errors.As(err, &code) || code != 2 {
		t.Errorf("error %v, want exit status 2", err)
	}
}

// TestServeConfigEnv checks that every flag is read from its ONAIR_*
// variable, checked as the flag is, and that the command line wins.
// (t.Setenv: not parallel.)
func TestServeConfigEnv(t *testing.T) {
	tests := []struct {
		env, value string
		args       []string
		want       string
		ok         func(*serveConfig) bool
	}{
		{env: "ONAIR_MAX_UPLOAD", value: "0", want: "--max-upload must be a positive number of bytes, not 0"},
		{env: "ONAIR_MAX_UPLOAD", value: "lots",
			want: `ONAIR_MAX_UPLOAD="lots": parse error`},
		{env: "ONAIR_TRUSTED_PROXIES", value: "", ok: func(c *serveConfig) bool { return len(c.proxies) == 0 }},
		{env: "ONAIR_LOG_LEVEL", value: "loud", want: `--log-level: "loud" is not one of debug, info, warn, error`},
		{env: "ONAIR_LOG_LEVEL", value: "loud", args: []string{"--log-level", "warn"},
			ok: func(c *serveConfig) bool { return c.level == slog.LevelWarn }},
		{env: "ONAIR_MEDIA_REDIRECT", value: "true", want: "web: --media-redirect needs S3 storage or --media-base-url"},
		{env: "ONAIR_COUNT_DOWNLOADS", value: "false", ok: func(c *serveConfig) bool { return !c.countDownloads }},
	}
	for _, tt := range tests {
		t.Run(tt.env+"="+tt.value, func(t *testing.T) {
			t.Setenv(tt.env, tt.value)
			c, err := parseServeConfig(tt.args, io.Discard)
			switch {
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Errorf("error %v, want %q", err, tt.want)
			case tt.want == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.ok != nil && !tt.ok(c):
				t.Errorf("config %+v", c)
			}
		})
	}
}
