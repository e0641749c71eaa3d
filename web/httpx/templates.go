package httpx

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// Assets holds the templates and static files. Pages and the admin
// dashboard share templates/layout (the base layout and partials) and
// static/site.css; the embeddable players have their own small layout.
//
//go:embed templates static
var Assets embed.FS

// views are the parsed templates by file name ("episode.html"): each is the
// layout set plus that one file, so every page can define "content".
var views = mustParseViews()

func mustParseViews() map[string]*template.Template {
	base := template.Must(template.New("").Funcs(TemplateFuncs).ParseFS(Assets, "templates/layout/*.html"))
	pages, err := fs.Glob(Assets, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := make(map[string]*template.Template, len(pages))
	for _, p := range pages {
		t := template.Must(base.Clone())
		out[path.Base(p)] = template.Must(t.ParseFS(Assets, p))
	}
	return out
}

// TemplateFuncs are the functions every template may call.
var TemplateFuncs = template.FuncMap{
	"dur":     FormatDuration,
	"spoken":  SpokenDuration,
	"date":    func(t time.Time) string { return t.UTC().Format("2 Jan 2006") },
	"isodate": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"secs":    func(d time.Duration) int64 { return int64(d / time.Second) },
	"dict":    dict,
}

// dict builds a map from key, value pairs, to pass several values to a
// partial template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("httpx: dict wants key, value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("httpx: dict key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// Render executes the page template name into a buffer first, so a
// template error becomes a clean 500 rather than half a page.
func (s *Env) Render(c *gin.Context, status int, name string, data any) error {
	t, ok := views[name]
	if !ok {
		return fmt.Errorf("httpx: no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("httpx: render %s: %w", name, err)
	}
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(status)
	_, err := c.Writer.Write(buf.Bytes())
	return err
}

// staticVersions are the content hashes of the static files, for URLs
// that change whenever the file does.
var staticVersions = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	fs.WalkDir(Assets, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := Assets.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		m[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:6])
		return nil
	})
	return m
})

// StaticVersion is the content hash of a static file, for its URL.
func StaticVersion(name string) string { return staticVersions()[name] }

// ServeStatic serves web/static. A request carrying the file's current
// version may be cached for a year; anything else briefly.
func (s *Env) ServeStatic(c *gin.Context) error {
	name := strings.TrimPrefix(c.Param("file"), "/")
	v, ok := staticVersions()[name]
	if !ok {
		return ErrNoRoute
	}
	if c.Query("v") == v {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Header("Cache-Control", "public, max-age=300")
	}
	c.Header("ETag", `"`+v+`"`)
	sub, _ := fs.Sub(Assets, "static")
	http.ServeFileFS(c.Writer, c.Request, sub, name)
	return nil
}

// Page is what every page template gets: the layout's fields plus the
// page's own data in Data.
type Page struct {
	Title       string
	Description string
	Canonical   string
	Home        string
	CSS, JS     string
	Data        any
}

// NewPage is a page with the site's layout fields filled in.
func (s *Env) NewPage(title string, data any) *Page {
	return &Page{Title: title, Home: s.HomeURL(), CSS: s.StaticURL("site.css"), JS: s.StaticURL("site.js"), Data: data}
}
