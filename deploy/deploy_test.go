// Package deploy holds the deployment pieces (the systemd unit, the nginx
// and Caddy configurations); its tests check them with the tools that read
// them, and prove the nginx one end to end in front of a real onair.
package deploy

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/web"
)

// tool is the path of an outside program the test needs: without it the
// test skips, except in CI (CI=true), where it fails.
func tool(t *testing.T, name string, paths ...string) string {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed (CI installs it: .ci/run)", name)
	}
	t.Skipf("%s is not installed", name)
	return ""
}

// TestSystemdUnit checks onair.service with systemd-analyze verify, with
// its ExecStart pointing at a real executable (verify wants one), and that
// it keeps the sandboxing.
func TestSystemdUnit(t *testing.T) {
	t.Parallel()
	sa := tool(t, "systemd-analyze", "/usr/bin/systemd-analyze")
	unit, err := os.ReadFile("onair.service")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DynamicUser=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/onair",
		"NoNewPrivileges=yes", "Restart=on-failure", "ExecStart=/usr/local/bin/onair serve"} {
		if !bytes.Contains(unit, []byte(want+"\n")) {
			t.Errorf("onair.service lacks %s", want)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "onair")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	unit = bytes.Replace(unit, []byte("ExecStart=/usr/local/bin/onair"), []byte("ExecStart="+bin), 1)
	path := filepath.Join(dir, "onair.service")
	if err := os.WriteFile(path, unit, 0o644); err != nil {
		t.Fatal(err)
	}
	// --man=no: no man pages in a container; SYSTEMD_LOG_LEVEL keeps the
	// output to what is wrong with the unit.
	cmd := exec.Command(sa, "verify", "--man=no", path)
	cmd.Env = append(os.Environ(), "SYSTEMD_LOG_LEVEL=warning")
	out, err := cmd.CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// nginxSite is deploy/nginx.conf for a test: onair at upstream, TLS on
// port with cert and key. Every replaced line must be in the file, so the
// test follows it.
func nginxSite(t *testing.T, upstream string, port int, cert, key string) string {
	t.Helper()
	b, err := os.ReadFile("nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	site := string(b)
	for _, r := range [][2]string{
		{"server 127.0.0.1:8080;", "server " + upstream + ";"},
		{"listen 80;", "listen 127.0.0.1:0;"},
		{"listen 443 ssl http2;", fmt.Sprintf("listen 127.0.0.1:%d ssl http2;", port)},
		{"/etc/letsencrypt/live/pod.example.com/fullchain.pem", cert},
		{"/etc/letsencrypt/live/pod.example.com/privkey.pem", key},
	} {
		if !strings.Contains(site, r[0]) {
			t.Fatalf("nginx.conf no longer has %q", r[0])
		}
		site = strings.Replace(site, r[0], r[1], 1)
	}
	// Port 0 is refused by nginx; the plain-HTTP redirect is not under test.
	return strings.Replace(site, "listen 127.0.0.1:0;", fmt.Sprintf("listen 127.0.0.1:%d;", freePort(t)), 1)
}

// startNginx runs nginx with the site in a prefix of its own (no root, no
// system paths), after nginx -t accepts it.
func startNginx(t *testing.T, bin, site string) {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"logs", "tmp"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	os.WriteFile(filepath.Join(dir, "onair.conf"), []byte(site), 0o644)
	conf := fmt.Sprintf(`daemon off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/logs/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path %[1]s/tmp/body;
    proxy_temp_path %[1]s/tmp/proxy;
    fastcgi_temp_path %[1]s/tmp/fastcgi;
    uwsgi_temp_path %[1]s/tmp/uwsgi;
    scgi_temp_path %[1]s/tmp/scgi;
    include %[1]s/onair.conf;
}
`, dir)
	path := filepath.Join(dir, "nginx.conf")
	os.WriteFile(path, []byte(conf), 0o644)
	if out, err := exec.Command(bin, "-t", "-p", dir, "-e", dir+"/logs/error.log", "-c", path).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-p", dir, "-e", dir+"/logs/error.log", "-c", path)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(dir, "logs", "error.log"))
			t.Logf("nginx: %s\n%s", out.String(), log)
		}
	})
}

// TestNginx checks deploy/nginx.conf with nginx -t, then puts it in front
// of a running onair: a show made and an episode uploaded (multipart, then
// tus) through it over TLS, the audio fetched back with ranges, and onair
// seeing the client's address and scheme from nginx's headers.
func TestNginx(t *testing.T) {
	t.Parallel()
	bin := tool(t, "nginx", "/usr/sbin/nginx")
	ctx := context.Background()
	dir := t.TempDir()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	blobs, err := media.NewLocal(filepath.Join(dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	base := fmt.Sprintf("https://127.0.0.1:%d", port)
	srv := web.New(web.Config{BaseURL: base, MaxUpload: 1 << 30, ResumableUploads: true, TrustedProxies: []string{"127.0.0.1/8"}},
		store, blobs, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.Handler()}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	secret, tok := catalog.NewToken("deploy")
	if err := store.CreateToken(ctx, tok); err != nil {
		t.Fatal(err)
	}

	cert, key, pool := selfSigned(t, dir)
	startNginx(t, bin, nginxSite(t, ln.Addr().String(), port, cert, key))
	c := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	waitUp(t, c, base+"/healthz")
	auth := "Bearer " + secret

	do := func(method, path, ctype string, body io.Reader, hdr ...string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, body)
		req.Header.Set("Authorization", auth)
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	if r, b := do("POST", "/api/v1/shows", "application/json", strings.NewReader(`{"slug":"daily","title":"Daily"}`)); r.StatusCode != 201 {
		t.Fatalf("create show through nginx: %d %s", r.StatusCode, b)
	}

	// A multipart upload through nginx.
	audio, err := os.ReadFile(testmedia.Fixture(t, "mp3_cbr_id3v23_apic.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	mw.WriteField("title", "Through nginx")
	fw, _ := mw.CreateFormFile("audio", "a.mp3")
	fw.Write(audio)
	mw.Close()
	r, b := do("POST", "/api/v1/shows/daily/episodes", mw.FormDataContentType(), &mp)
	if r.StatusCode != 201 {
		t.Fatalf("upload through nginx: %d %s", r.StatusCode, b)
	}
	var ep struct {
		Audio struct{ URL string } `json:"audio"`
	}
	json.Unmarshal(b, &ep)
	if !strings.HasPrefix(ep.Audio.URL, base+"/media/") {
		t.Fatalf("audio URL %q", ep.Audio.URL)
	}
	mediaPath := strings.TrimPrefix(ep.Audio.URL, base)

	// A range request back through it, and one from the end.
	r, b = do("GET", mediaPath, "", nil, "Range", "bytes=100-1123")
	if r.StatusCode != 206 || !bytes.Equal(b, audio[100:1124]) ||
		r.Header.Get("Content-Range") != fmt.Sprintf("bytes 100-1123/%d", len(audio)) {
		t.Errorf("range through nginx: %d %q, %d bytes", r.StatusCode, r.Header.Get("Content-Range"), len(b))
	}
	r, b = do("GET", mediaPath, "", nil, "Range", "bytes=-500")
	if r.StatusCode != 206 || !bytes.Equal(b, audio[len(audio)-500:]) {
		t.Errorf("suffix range through nginx: %d, %d bytes", r.StatusCode, len(b))
	}

	// A tus upload through it: create, two PATCHes, done.
	sum := sha256Hex(audio)
	md := "show " + b64("daily") + ",sha256 " + b64(sum) + ",filename " + b64("b.mp3") + ",title " + b64("By tus")
	r, b = do("POST", "/api/v1/uploads/", "", nil, "Tus-Resumable", "1.0.0",
		"Upload-Length", fmt.Sprint(len(audio)), "Upload-Metadata", md)
	if r.StatusCode != 201 {
		t.Fatalf("tus create through nginx: %d %s", r.StatusCode, b)
	}
	loc := r.Header.Get("Location")
	if u := strings.TrimPrefix(loc, base); u != loc {
		loc = u
	}
	half := len(audio) / 2
	for i, chunk := range [][]byte{audio[:half], audio[half:]} {
		off := 0
		if i == 1 {
			off = half
		}
		r, b = do("PATCH", loc, "application/offset+octet-stream", bytes.NewReader(chunk),
			"Tus-Resumable", "1.0.0", "Upload-Offset", fmt.Sprint(off))
		if r.StatusCode != 204 && r.StatusCode != 200 {
			t.Fatalf("tus PATCH %d through nginx: %d %s", i, r.StatusCode, b)
		}
	}
	if !strings.Contains(string(b), "By tus") {
		t.Errorf("the last PATCH's answer lacks the episode: %s", b)
	}

	// Feeds come through with onair's compression and ETag.
	r, b = do("GET", "/shows/daily/feed.rss", "", nil)
	if r.StatusCode != 200 || !strings.Contains(string(b), "Through nginx") || !strings.Contains(string(b), "By tus") ||
		r.Header.Get("ETag") == "" {
		t.Errorf("feed through nginx: %d %q", r.StatusCode, r.Header.Get("ETag"))
	}
	// The metrics stay inside.
	if r, _ := do("GET", "/metrics", "", nil); r.StatusCode != 404 {
		t.Errorf("/metrics through nginx: %d", r.StatusCode)
	}
}

// TestCaddyfile checks deploy/Caddyfile with caddy validate when Caddy is
// installed; CI does not install it, so there the test skips.
func TestCaddyfile(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("caddy")
	if err != nil {
		t.Skip("caddy is not installed")
	}
	if out, err := exec.Command(bin, "validate", "--adapter", "caddyfile", "--config", "Caddyfile").CombinedOutput(); err != nil {
		t.Errorf("caddy validate: %v\n%s", err, out)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func waitUp(t *testing.T, c *http.Client, url string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := c.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not answer %s: %v", url, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns
// their paths and a pool that trusts it.
func selfSigned(t *testing.T, dir string) (cert, key string, pool *x509.CertPool) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "onair test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kd, _ := x509.MarshalECPrivateKey(k)
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kd}), 0o600)
	parsed, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(parsed)
	return cert, key, pool
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
