package web

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/site"
)

// a11yWho says who looks at a page of a11yPages.
type a11yWho int

const (
	public    a11yWho = iota // signed out
	dashboard                // signed in, once as an admin and once as an editor
)

type a11yPage struct {
	name string
	path string // with {show}, {empty}, {episode}, {draft}, {article}
	who  a11yWho
}

// a11yViews are the ways each page is looked at. Every rule runs once in
// each colour scheme and at each width; the colours are checked in all
// four combinations (what else a scheme changes, the other view of the
// same width has checked already). That halves the check's time.
var a11yViews = []struct {
	name         string
	w, h         int64
	dark         bool
	contrastOnly bool
}{
	{"desktop light", 1280, 800, false, false},
	{"desktop dark", 1280, 800, true, true},
	{"phone dark", 375, 740, true, false},
	{"phone light", 375, 740, false, true},
}

// axeRun runs axe-core with the given runOnly option and returns its
// violations, a few nodes of each.
const axeRun = `axe.run(document, {
  runOnly: %s, resultTypes: ["violations"], iframes: false,
}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || "", help: v.help,
  nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " ")),
  count: v.nodes.length,
})))`

const (
	// axeAllRules are the rules of WCAG 2.1 A and AA, and axe's best practices.
	axeAllRules = `{type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}`
	axeContrast = `{type: "rule", values: ["color-contrast"]}`
)

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
	Count  int      `json:"count"`
}

// axeSource reads axe.min.js from $ONAIR_AXE, or from .axe/ in the
// repository, where `npm install --prefix .axe axe-core@4` puts it (CI
// does). Without it the check is skipped, except in CI, where it fails.
func axeSource(t *testing.T) string {
	t.Helper()
	p := os.Getenv("ONAIR_AXE")
	if p == "" {
		p = filepath.Join(repoRoot(t), ".axe", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the accessibility check needs axe-core in CI: %v", err)
		}
		t.Skipf("accessibility check skipped: no axe-core at %s (run `npm install --prefix .axe axe-core@4` in the repository, or set ONAIR_AXE to axe.min.js)", p)
	}
	return string(b)
}

// a11yFixture is the server the check looks at, and what fills the paths.
type a11yFixture struct {
	st   *testSite
	vars *strings.Replacer
}

func newA11yFixture(t *testing.T) *a11yFixture {
	st := newSite(t, Config{ResumableUploads: true, UploadExpiry: time.Hour})
	for _, u := range []struct {
		email, role string
		shows       []string
	}{{"admin@example.com", catalog.RoleAdmin, nil}, {"editor@example.com", catalog.RoleEditor, []string{st.show.ID}}} {
		h, err := catalog.HashPassword("a11y-password")
		noErr(t, err)
		noErr(t, st.store.CreateUser(t.Context(), &catalog.User{Email: u.email, PasswordHash: h, Role: u.role, ShowIDs: u.shows}))
	}
	withTranscript(t, st)
	done, running := a11yImports(t, st)
	return &a11yFixture{st: st, vars: strings.NewReplacer(
		"{show}", st.show.Slug, "{empty}", st.empty.Slug, "{episode}", st.long.ID, "{draft}", st.draft.ID,
		"{article}", url.QueryEscape(st.solo.URL), "{import}", done, "{running-import}", running,
	)}
}

// a11yImports stores an import that ended (a report with an imported, a
// failed and a lost item) and one still running, and returns their ids.
func a11yImports(t *testing.T, st *testSite) (done, running string) {
	t.Helper()
	report := `{"feed_url":"https://old.example/feed.xml","show":"` + st.show.Slug + `","title":"The old show",
		"items":3,"selected":3,"done":3,"imported":1,"existing":1,"failed":1,"bytes":1048576,
		"lost":["podcast:locked yes is not copied: set it once the old host redirects"],
		"results":[{"guid":"https://old.example/ep/1","title":"One","status":"imported","episode_id":"` + st.long.ID + `",
		"duration_ms":1000,"problems":["the enclosure's length said 1 bytes; the file is 48711 bytes"]},
		{"guid":"old-2","title":"Two","status":"failed","error":"the enclosure answered 404 Not Found"}]}`
	ims := []*catalog.Import{
		{FeedURL: "https://old.example/feed.xml", ShowSlug: st.show.Slug, State: catalog.ImportDone,
			Report: []byte(report), FinishedAt: time.Now()},
		{FeedURL: "https://old.example/feed.xml", ShowSlug: st.show.Slug, State: catalog.ImportRunning,
			Report: []byte(`{"feed_url":"https://old.example/feed.xml","show":"` + st.show.Slug + `","items":4,"selected":4,"done":1,"imported":1,"bytes":524288}`)},
	}
	for _, im := range ims {
		noErr(t, st.store.CreateImport(t.Context(), im))
	}
	return ims[0].ID, ims[1].ID
}

func (f *a11yFixture) url(path string) string { return f.st.ts.URL + f.vars.Replace(path) }

// signIn signs a tab in through the sign-in form.
func (f *a11yFixture) signIn(t *testing.T, ctx context.Context, email string) {
	t.Helper()
	browse(t, ctx, chromedp.Navigate(f.url("/admin/signin")), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		fill(`input[name=email]`, email), fill(`input[name=password]`, "a11y-password"),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)), chromedp.WaitVisible(chromedp.CSS(`.admin-nav`)))
}

// emulate sets the colour scheme and other media features of a tab
// (name, value pairs: "prefers-color-scheme", "dark", ...).
func emulate(features ...string) chromedp.Action[chromedp.Void] {
	var fs []*emulation.MediaFeature
	for i := 0; i+1 < len(features); i += 2 {
		fs = append(fs, &emulation.MediaFeature{Name: features[i], Value: features[i+1]})
	}
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: fs})
		return err
	})
}

// TestAccessibility runs axe-core (WCAG 2.1 A and AA, and best practices)
// in every page of a11yPages, light and dark, phone and desktop: signed
// out, as an admin and as an editor. Any serious or critical violation
// fails, and any moderate one not in a11yModerateAllowed. Each reader is a
// parallel subtest with a tab of its own; the page is loaded once and axe
// runs in each view of it.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	root := newBrowser(t) // skips without Chromium, before the fixture is built
	f := newA11yFixture(t)
	readers := []struct {
		name  string
		email string
		who   a11yWho
	}{{"signed out", "", public}, {"admin", "admin@example.com", dashboard}, {"editor", "editor@example.com", dashboard}}
	for _, r := range readers {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			ctx := root
			if r.email != "" {
				ctx, _ = chromedp.NewContext(root, chromedp.WithNewBrowserContext())
				t.Cleanup(func() { chromedp.Cancel(ctx) })
			}
			ctx = within(t, ctx, 4*time.Minute)
			if r.email != "" {
				f.signIn(t, ctx, r.email)
			}
			for _, p := range a11yPages {
				if p.who != r.who {
					continue
				}
				t.Run(p.name, func(t *testing.T) { f.check(t, ctx, axe, p, r.name) })
			}
		})
	}
}

// check loads a page, injects axe and runs it in every view, then looks
// for focus rings that cannot be seen (light and dark) and for what does
// not reflow at 320 and 640 CSS px (1280 px zoomed to 400 % and 200 %).
func (f *a11yFixture) check(t *testing.T, ctx context.Context, axe string, p a11yPage, reader string) {
	browse(t, ctx, emulate(), chromedp.EmulateViewport(a11yViews[0].w, a11yViews[0].h),
		chromedp.Navigate(f.url(p.path)), chromedp.WaitReady(chromedp.CSS("body")))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
		t.Fatalf("inject axe: %v", err)
	}
	for _, v := range a11yViews {
		scheme := "light"
		if v.dark {
			scheme = "dark"
		}
		browse(t, ctx, chromedp.EmulateViewport(v.w, v.h), emulate("prefers-color-scheme", scheme))
		run := fmt.Sprintf(axeRun, axeAllRules)
		if v.contrastOnly {
			run = fmt.Sprintf(axeRun, axeContrast)
		}
		found, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: axe: %v", v.name, err)
		}
		for _, x := range found {
			if _, ok := a11yModerateAllowed[x.ID]; ok && x.Impact == "moderate" {
				continue
			}
			if x.Impact == "minor" {
				continue
			}
			t.Errorf("%s, %s: %s (%s, %d): %s\n    %s", p.path, v.name, x.ID, x.Impact, x.Count, x.Help, strings.Join(x.Nodes, "\n    "))
		}
	}

	// Focus: one real Tab puts the browser in keyboard mode.
	browse(t, ctx, chromedp.EmulateViewport(1280, 800), chromedp.KeyEvent(kb.Tab))
	for _, scheme := range []string{"light", "dark"} {
		browse(t, ctx, emulate("prefers-color-scheme", scheme))
		for _, bad := range jsEval[[]string](t, ctx, focusJS) {
			t.Errorf("%s, %s: %s", p.path, scheme, bad)
		}
	}

	// Reflow. A player is looked at in a frame of the height oEmbed gives it.
	h := int64(800)
	if jsEval[bool](t, ctx, `!!document.querySelector(".pl")`) {
		h = int64(site.PlaylistHeight(jsEval[int](t, ctx, `document.querySelectorAll(".list .it").length`)))
	}
	browse(t, ctx, emulate())
	for _, w := range []int64{320, 640} {
		browse(t, ctx, chromedp.EmulateViewport(w, h))
		for _, bad := range jsEval[[]string](t, ctx, reflowJS) {
			t.Errorf("%s at %d px: %s", p.path, w, bad)
		}
		artifact(t, ctx, fmt.Sprintf("reflow-%d-%s-%s.png", w, strings.ReplaceAll(reader, " ", "-"), strings.ReplaceAll(p.name, " ", "-")))
	}
}
