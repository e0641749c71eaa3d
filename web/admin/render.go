package admin

import (
	"html/template"
	"io/fs"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// adminPage is what every dashboard template gets: the fields the site's
// base layout reads, and the dashboard's own.
type adminPage struct {
	Title, Description, Canonical string
	Heading                       string // the page's own title, for its <h1>
	Home, CSS, JS, AdminCSS       string
	User                          *catalog.User
	CSRF                          string
	Flash                         string
	Data                          any
}

var (
	adminTmplOnce sync.Once
	adminTmpl     map[string]*template.Template
	adminTmplErr  error
)

var adminFuncs = template.FuncMap{
	"inc":      func(i int) int { return i + 1 },
	"duration": httpx.FormatDuration,
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	// localInput formats t for an <input type="datetime-local"> in UTC.
	"localInput": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02T15:04")
	},
	"kbps": func(bps int) int { return (bps + 500) / 1000 },
	"mib":  func(n int64) string { return formatBytes(n) },
	"join": strings.Join,
	"has": func(list []string, v string) bool {
		for _, x := range list {
			if x == v {
				return true
			}
		}
		return false
	},
	"add":  func(a, b int) int { return a + b },
	"list": func(v ...string) []string { return v },
	// html_notes shows stored show notes as HTML. They were sanitized on
	// write; sanitizing again costs little and guards the dashboard.
	"html_notes": func(s string) template.HTML { return template.HTML(catalog.SanitizeNotes(s)) },
}

// loadAdminTemplates parses each dashboard page with the site's layout and
// the dashboard's layout and partials.
func loadAdminTemplates() (map[string]*template.Template, error) {
	funcs := template.FuncMap{}
	for k, v := range httpx.TemplateFuncs {
		funcs[k] = v
	}
	for k, v := range adminFuncs {
		funcs[k] = v
	}
	pages, err := fs.Glob(httpx.Assets, "templates/admin/*.html")
	if err != nil {
		return nil, err
	}
	out := make(map[string]*template.Template)
	for _, p := range pages {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/admin/"), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(httpx.Assets, "templates/layout/*.html",
			"templates/admin/layout.html", "templates/admin/partials.html", p)
		if err != nil {
			return nil, err
		}
		out[name] = t
	}
	return out, nil
}

// renderAdmin writes a dashboard page.
func (s *Dashboard) renderAdmin(c *gin.Context, status int, page, title string, data any) error {
	adminTmplOnce.Do(func() { adminTmpl, adminTmplErr = loadAdminTemplates() })
	if adminTmplErr != nil {
		return adminTmplErr
	}
	t, ok := adminTmpl[page]
	if !ok {
		return httpx.ErrNoRoute
	}
	p := adminPage{Title: title + " · onair dashboard", Heading: title, Home: s.HomeURL(),
		CSS: s.StaticURL("site.css"), JS: s.StaticURL("admin/admin.js"), AdminCSS: s.StaticURL("admin/admin.css"),
		User: httpx.CurrentUser(c), CSRF: c.GetString(httpx.CtxCSRF), Data: data, Flash: flashMessages[c.Query("ok")]}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, "base", p); err != nil {
		return err
	}
	c.Data(status, "text/html; charset=utf-8", []byte(b.String()))
	return nil
}

// flashMessages are the notes a redirect can ask the next page to show, by
// code, so a link cannot put arbitrary words on the dashboard.
var flashMessages = map[string]string{
	"saved":     "Saved.",
	"created":   "Created.",
	"deleted":   "Deleted.",
	"published": "Published.",
	"revoked":   "Token revoked.",
	"released":  "Old address released: it no longer redirects here.",
	"uploaded":  "Upload complete: the audio was checked and probed.",
}

// formatBytes prints a size for people: 1.5 MB.
func formatBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	whole := n / div
	tenth := (n % div) * 10 / div
	return strconv.FormatInt(whole, 10) + "." + strconv.FormatInt(tenth, 10) + " " + string("kMGTPE"[exp]) + "B"
}
