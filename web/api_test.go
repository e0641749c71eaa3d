package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/web/api"
)

// apiEnv is a real server for API tests: SQLite and local storage in a temp
// folder, a real HTTP listener, a valid token.
type apiEnv struct {
	t     testing.TB
	dir   string
	store catalog.Store
	blobs media.Storage
	srv   *Server
	ts    *httptest.Server
	token string
	// openStore opens the catalog (again, for restarts); listBlobs lists
	// every stored key with its size, for snapshots.
	openStore func() (catalog.Store, error)
	listBlobs func() []string
}

const testBaseURL = "https://pod.example.com"

// newAPI is a server on SQLite and local disk in a temp folder.
func newAPI(t testing.TB, cfg ...Config) *apiEnv {
	t.Helper()
	e := &apiEnv{t: t, dir: t.TempDir()}
	e.openStore = func() (catalog.Store, error) {
		return sqlite.Open(context.Background(), filepath.Join(e.dir, "onair.db"))
	}
	blobs, err := media.NewLocal(filepath.Join(e.dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	e.blobs = blobs
	e.listBlobs = func() []string { return listDir(e.t, filepath.Join(e.dir, "media")) }
	return e.start(cfg)
}

// start opens the store, starts the server and makes a token.
func (e *apiEnv) start(cfg []Config) *apiEnv {
	e.t.Helper()
	c := Config{BaseURL: testBaseURL}
	if len(cfg) > 0 {
		c = cfg[0]
	}
	e.open(c)
	secret, tok := catalog.NewToken("test")
	if err := e.store.CreateToken(context.Background(), tok); err != nil {
		e.t.Fatal(err)
	}
	e.token = secret
	return e
}

// open starts a server on the env's store and storage; restart closes and
// reopens it.
func (e *apiEnv) open(c Config) {
	e.t.Helper()
	store, err := e.openStore()
	if err != nil {
		e.t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.store, e.srv = store, New(c, store, e.blobs, log)
	e.ts = httptest.NewServer(e.srv.Handler())
	e.t.Cleanup(e.close)
}

// envMaker makes a test server; tests that take one run on every backend.
type envMaker func(t testing.TB, cfg ...Config) *apiEnv

// forBackends runs test on SQLite + local disk, and on PostgreSQL + S3 when
// ONAIR_TEST_POSTGRES and ONAIR_TEST_S3 are set.
func forBackends(t *testing.T, test func(t *testing.T, newAPI envMaker)) {
	t.Run("sqlite+disk", func(t *testing.T) { test(t, newAPI) })
	t.Run("postgres+s3", func(t *testing.T) { test(t, newAPIScaled) })
}

// blobExists reports whether key is in the env's storage.
func (e *apiEnv) blobExists(key string) bool {
	e.t.Helper()
	_, err := e.blobs.Stat(context.Background(), key)
	if err != nil && !errors.Is(err, media.ErrBlobMissing) {
		e.t.Fatal(err)
	}
	return err == nil
}

// keyOf is the blob key a media URL serves.
func keyOf(u string) string { return strings.TrimPrefix(u, testBaseURL+"/media/") }

func (e *apiEnv) close() {
	if e.ts != nil {
		e.ts.Close()
		e.store.Close()
		e.ts = nil
	}
}

func (e *apiEnv) restart() {
	e.close()
	e.open(e.srv.Cfg)
}

// do sends a request with the env's token and returns status and body.
func (e *apiEnv) do(method, path, contentType string, body io.Reader) (int, []byte) {
	e.t.Helper()
	return e.doAuth(method, path, contentType, body, "Bearer "+e.token)
}

func (e *apiEnv) doAuth(method, path, contentType string, body io.Reader, auth string) (int, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, b
}

// json sends v as JSON (a string is sent as is) and decodes the answer
// into out when it is not nil.
func (e *apiEnv) json(method, path string, v any, out any) int {
	e.t.Helper()
	var body io.Reader
	switch v := v.(type) {
	case nil:
	case string:
		body = strings.NewReader(v)
	default:
		b, err := json.Marshal(v)
		if err != nil {
			e.t.Fatal(err)
		}
		body = bytes.NewReader(b)
	}
	ct := ""
	if body != nil {
		ct = "application/json"
	}
	status, b := e.do(method, path, ct, body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: %d %s: %v", method, path, status, b, err)
		}
	}
	return status
}

// apiErr is the error body every failure has.
type apiErr struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// wantErr checks a failed request's status and error code.
func wantErr(t *testing.T, status int, body []byte, wantStatus int, wantCode string) {
	t.Helper()
	var ae apiErr
	if err := json.Unmarshal(body, &ae); err != nil {
		t.Fatalf("status %d, body %q: not an error JSON: %v", status, body, err)
	}
	if status != wantStatus || ae.Error.Code != wantCode || ae.Error.Message == "" {
		t.Errorf("got %d %s %q, want %d %s", status, ae.Error.Code, ae.Error.Message, wantStatus, wantCode)
	}
}

func (e *apiEnv) createShow(slug string) api.ShowJSON {
	e.t.Helper()
	var sh api.ShowJSON
	if st := e.json("POST", "/api/v1/shows", map[string]any{"slug": slug, "title": "Show " + slug,
		"categories": []string{"News/Daily News"}}, &sh); st != http.StatusCreated {
		e.t.Fatalf("create show %s: %d", slug, st)
	}
	return sh
}

// part is one multipart part: a field, or a file when file is set.
type part struct {
	name, value string
	file        string // path of the file to send as the part's content
	fileName    string // the file name to claim; default base(file)
}

func multipartBody(t testing.TB, parts ...part) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		if p.file == "" {
			w.WriteField(p.name, p.value)
			continue
		}
		name := p.fileName
		if name == "" {
			name = filepath.Base(p.file)
		}
		fw, err := w.CreateFormFile(p.name, name)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p.file)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(b)
	}
	w.Close()
	return w.FormDataContentType(), buf.Bytes()
}

// upload posts an episode and returns the status and the body.
func (e *apiEnv) upload(show string, parts ...part) (int, []byte) {
	e.t.Helper()
	ct, body := multipartBody(e.t, parts...)
	return e.do("POST", "/api/v1/shows/"+show+"/episodes", ct, bytes.NewReader(body))
}

func (e *apiEnv) uploadOK(show, file string, fields ...part) api.EpisodeJSON {
	e.t.Helper()
	st, b := e.upload(show, append(fields, part{name: "audio", file: file})...)
	if st != http.StatusCreated {
		e.t.Fatalf("upload %s: %d %s", file, st, b)
	}
	var ep api.EpisodeJSON
	if err := json.Unmarshal(b, &ep); err != nil {
		e.t.Fatal(err)
	}
	return ep
}

// snapshot lists every stored blob (every file and folder, on disk) and the
// catalog's episodes, to prove a request changed nothing.
func (e *apiEnv) snapshot() string {
	e.t.Helper()
	lines := e.listBlobs()
	eps, err := e.store.ListEpisodes(context.Background(), catalog.EpisodeFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, ep := range eps {
		lines = append(lines, "episode "+ep.ID+" "+ep.Audio.Key+" "+ep.Title)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// listDir lists every file and folder under root with its mode and size.
func listDir(t testing.TB, root string) []string {
	var lines []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		lines = append(lines, rel+" "+info.Mode().String()+" "+sizeOf(info))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

func sizeOf(fi fs.FileInfo) string {
	if fi.IsDir() {
		return "-"
	}
	return strconv.FormatInt(fi.Size(), 10)
}

// repoRoot is the folder with go.mod; fixture is a file in its testdata.
var (
	repoRoot = testmedia.RepoRoot
	fixture  = testmedia.Fixture
)

func mustUnmarshal(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
}

// jsonEqual compares two values by their JSON, as a client sees them.
func jsonEqual(t testing.TB, a, b any) bool {
	t.Helper()
	x, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(x, y)
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
