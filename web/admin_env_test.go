package web

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/media"
)

// adminEnv is a real server on a real listener, with SQLite and local
// storage in a temp folder, for the dashboard and upload tests.
type adminEnv struct {
	srv   *Server
	store catalog.Store
	blobs media.Storage
	url   string // where the server listens
	dir   string
}

// newAdminEnv starts a server. base, when not nil, picks the public base
// URL from the listening address (e.g. a proxy in front of it); opts
// change the configuration further.
func newAdminEnv(t testing.TB, base func(listen string) string, opts ...func(*Config)) *adminEnv {
	t.Helper()
	dir := t.TempDir()
	st, err := sqlite.Open(t.Context(), filepath.Join(dir, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := media.NewLocal(filepath.Join(dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	listen := "http://" + ts.Listener.Addr().String()
	cfg := Config{BaseURL: listen, ResumableUploads: true, UploadExpiry: time.Hour}
	if base != nil {
		cfg.BaseURL = base(listen)
	}
	for _, o := range opts {
		o(&cfg)
	}
	srv := New(cfg, st, blobs, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts.Config.Handler = srv.Handler()
	ts.Start()
	t.Cleanup(func() {
		ts.Close()
		st.Close()
	})
	return &adminEnv{srv: srv, store: st, blobs: blobs, url: listen, dir: dir}
}

func (e *adminEnv) show(t testing.TB, slug string) *catalog.Show {
	t.Helper()
	sh := &catalog.Show{ID: catalog.NewID(), Slug: slug, Title: "Show " + slug, Description: "About " + slug,
		Language: "en", Type: catalog.ShowEpisodic, Categories: []string{"News"}}
	sh.GUID = catalog.ShowGUID(e.srv.FeedURL(sh, "rss"))
	if err := e.store.CreateShow(t.Context(), sh); err != nil {
		t.Fatal(err)
	}
	return sh
}

func (e *adminEnv) token(t testing.TB) string {
	t.Helper()
	secret, tok := catalog.NewToken("test")
	if err := e.store.CreateToken(t.Context(), tok); err != nil {
		t.Fatal(err)
	}
	return secret
}

func (e *adminEnv) user(t *testing.T, email, password, role string, shows ...*catalog.Show) *catalog.User {
	t.Helper()
	h, err := catalog.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	u := &catalog.User{Email: email, PasswordHash: h, Role: role}
	for _, sh := range shows {
		u.ShowIDs = append(u.ShowIDs, sh.ID)
	}
	if err := e.store.CreateUser(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

// browser is an HTTP client with cookies that does not follow redirects.
func browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// page GETs path and returns the status, body and the page's CSRF token.
func (e *adminEnv) page(t *testing.T, c *http.Client, path string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.url+path, nil)
	req.Header.Set("Accept", "text/html")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfMeta.FindStringSubmatch(string(b))
	tok := ""
	if m != nil {
		tok = m[1]
	}
	return resp.StatusCode, string(b), tok
}

// post sends a form and returns the status and Location.
func (e *adminEnv) post(t *testing.T, c *http.Client, path string, form url.Values) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := regexp.MustCompile(`class="error" role="alert">([^<]*)<`).FindSubmatch(b); m != nil {
		t.Logf("POST %s: %d %s", path, resp.StatusCode, m[1])
	}
	return resp.StatusCode, resp.Header.Get("Location")
}

// signIn signs c in and returns the session's CSRF token.
func (e *adminEnv) signIn(t *testing.T, c *http.Client, email, password string) string {
	t.Helper()
	_, _, tok := e.page(t, c, "/admin/signin")
	status, loc := e.post(t, c, "/admin/signin", url.Values{"csrf": {tok}, "email": {email}, "password": {password}})
	if status != http.StatusSeeOther || loc != "/admin" {
		t.Fatalf("sign in as %s: %d %q", email, status, loc)
	}
	_, _, tok = e.page(t, c, "/admin")
	return tok
}

// dropProxy forwards TCP to target and cuts every connection once the bytes
// sent towards the server (headers included) cross each of cuts in turn.
type dropProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	sent   int64
	cuts   []int64
	conns  []net.Conn
	drops  int
}

func newDropProxy(t *testing.T, cuts ...int64) *dropProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dropProxy{ln: ln, cuts: cuts}
	t.Cleanup(func() { ln.Close() })
	go p.serve()
	return p
}

func (p *dropProxy) URL() string { return "http://" + p.ln.Addr().String() }

func (p *dropProxy) setTarget(addr string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.target = addr
}

// dropped is how many connections the proxy has cut.
func (p *dropProxy) dropped() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.drops
}

func (p *dropProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.pipe(c)
	}
}

func (p *dropProxy) pipe(c net.Conn) {
	p.mu.Lock()
	target := p.target
	p.mu.Unlock()
	s, err := net.Dial("tcp", target)
	if err != nil {
		c.Close()
		return
	}
	go func() { io.Copy(c, s); c.Close() }()
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			p.mu.Lock()
			p.sent += int64(n)
			cut := len(p.cuts) > 0 && p.sent >= p.cuts[0]
			if cut {
				p.cuts = p.cuts[1:]
				p.drops++
			}
			p.mu.Unlock()
			if cut {
				c.Close()
				s.Close()
				return
			}
			if _, err := s.Write(buf[:n]); err != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	s.Close()
}
