package web

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/onair-fm/onair/web/httpx"
	"github.com/onair-fm/onair/web/site"
)

// axInfo is what a screen reader is told about an element: Chromium's own
// accessibility tree, not the DOM's attributes.
type axInfo struct {
	Role, Name, Value string
	Props             map[string]string
}

func axValue(v *accessibility.Value) string {
	if v == nil {
		return ""
	}
	return strings.Trim(string(v.Value), `"`)
}

// axOf reads the accessibility node of the first element matching sel.
func axOf(t *testing.T, ctx context.Context, sel string) axInfo {
	t.Helper()
	// The tree follows the DOM at the next frames: wait for two.
	browse(t, ctx, chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))`, chromedp.EvalAwaitPromise))
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(sel)))
	if err != nil || len(nodes) == 0 {
		t.Fatalf("node %s: %v", sel, err)
	}
	id := nodes[0].BackendNodeID
	res, err := chromedp.Run(ctx, chromedp.Action[accessibility.GetPartialAXTreeResult](func(ctx context.Context, tg *chromedp.Target) (accessibility.GetPartialAXTreeResult, error) {
		no := false
		return cdp.Call(ctx, tg, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{BackendNodeID: id, FetchRelatives: &no})
	}))
	if err != nil || len(res.Nodes) == 0 {
		t.Fatalf("accessibility node of %s: %v", sel, err)
	}
	n := res.Nodes[0]
	info := axInfo{Role: axValue(n.Role), Name: axValue(n.Name), Value: axValue(n.Value), Props: map[string]string{}}
	for _, p := range n.Properties {
		info.Props[string(p.Name)] = axValue(p.Value)
	}
	return info
}

// valueText is the seek bar's aria-valuetext. It is read from the DOM:
// Chromium's DevTools accessibility domain leaves a slider's valuetext
// empty whatever the page says, though screen readers get it.
func valueText(t *testing.T, ctx context.Context) string {
	return jsEval[string](t, ctx, `document.querySelector(".pos").getAttribute("aria-valuetext")`)
}

// TestPlayerKeyboardAndScreenReader drives the embeddable player without a
// mouse: Tab reaches every control (speed, mute and download too), Space
// and K play and pause, the arrows seek 5 s, J and L skip 15 and 30 s, M
// mutes. And it reads what a screen reader hears from Chromium's
// accessibility tree: the seek bar is a slider whose value is spoken as
// "N minutes N seconds of ...", play and pause say what they will do, and
// mute is a toggle button whose state is "pressed".
func TestPlayerKeyboardAndScreenReader(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	ctx := within(t, newBrowser(t), 90*time.Second)
	e := st.long
	browse(t, ctx, chromedp.EmulateViewport(800, site.PlayerHeight), chromedp.Navigate(st.srv.PlayerURL(e)),
		chromedp.WaitVisible(chromedp.CSS(".play")))

	// Tab from the top of the page reaches every control, in order.
	var reached []string
	for range 16 {
		browse(t, ctx, chromedp.KeyEvent(kb.Tab))
		c := jsEval[string](t, ctx, `(document.activeElement.className || document.activeElement.tagName).toString()`)
		if len(reached) > 0 && c == reached[0] {
			break // round the page and back
		}
		reached = append(reached, c)
	}
	for _, want := range []string{"back", "play", "fwd", "pos", "mute", "vol", "rate", "shr", "dl"} {
		if !slices.ContainsFunc(reached, func(c string) bool { return slices.Contains(strings.Fields(c), want) }) {
			t.Errorf("Tab never reaches .%s; it reaches %q", want, reached)
		}
	}

	// Before play: the slider, its spoken value, the play button's name.
	pos := axOf(t, ctx, ".pos")
	spokenTotal := httpx.SpokenDuration(e.Audio.Duration)
	if pos.Role != "slider" || pos.Name != "Seek" {
		t.Errorf("seek bar is a %q named %q, want a slider named Seek", pos.Role, pos.Name)
	}
	if want := "0 seconds of " + spokenTotal; valueText(t, ctx) != want {
		t.Errorf("seek bar says %q, want %q", valueText(t, ctx), want)
	}
	if pos.Props["valuemax"] != fmt.Sprint(int64(st.long.Audio.Duration/time.Second)) {
		t.Errorf("seek bar's maximum is %q, want the episode's %d seconds", pos.Props["valuemax"], int64(st.long.Audio.Duration/time.Second))
	}
	if ax := axOf(t, ctx, ".play"); ax.Role != "button" || ax.Name != "Play" {
		t.Errorf("play button before play: %q named %q, want a button named Play", ax.Role, ax.Name)
	}

	// M mutes (a toggle: same name, pressed), K plays.
	browse(t, ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), chromedp.KeyEvent("m"))
	if !jsEval[bool](t, ctx, `document.querySelector("audio").muted`) {
		t.Fatal("M did not mute")
	}
	if ax := axOf(t, ctx, ".mute"); ax.Name != "Mute" || ax.Props["pressed"] != "true" {
		t.Errorf("mute button after M: named %q, pressed %q; want Mute, true", ax.Name, ax.Props["pressed"])
	}
	browse(t, ctx, chromedp.KeyEvent("k"))
	waitJS(t, ctx, `document.querySelector("audio").currentTime > 0.3`, 15*time.Second)
	if ax := axOf(t, ctx, ".play"); ax.Name != "Pause" {
		t.Errorf("play button while playing is named %q, want Pause", ax.Name)
	}
	browse(t, ctx, chromedp.KeyEvent(" "))
	waitJS(t, ctx, `document.querySelector("audio").paused`, 5*time.Second)
	if ax := axOf(t, ctx, ".play"); ax.Name != "Play" {
		t.Errorf("play button after Space paused is named %q, want Play", ax.Name)
	}

	// Seeking keys, paused so each step is exact.
	steps := []struct {
		key  string
		want float64
	}{{kb.ArrowRight, 5}, {"l", 30}, {kb.ArrowLeft, -5}, {"j", -15}, {"L", 30}, {"J", -15}}
	for _, s := range steps {
		t0 := currentTime(t, ctx)
		browse(t, ctx, chromedp.KeyEvent(s.key))
		want := max(0, min(t0+s.want, e.Audio.Duration.Seconds()))
		if got := currentTime(t, ctx); !approx(got, want, 0.25) {
			t.Errorf("key %q: %.2f -> %.2f, want %.2f", s.key, t0, got, want)
		}
	}
	sec := int(currentTime(t, ctx))
	want := httpx.SpokenDuration(time.Duration(sec)*time.Second) + " of " + spokenTotal
	if got := valueText(t, ctx); got != want {
		t.Errorf("seek bar at %d s says %q, want %q", sec, got, want)
	}
	if ax := axOf(t, ctx, ".pos"); ax.Value != fmt.Sprint(sec) {
		t.Errorf("seek bar's value at %d s is %q", sec, ax.Value)
	}

	// Keys on the focused seek bar drive the player too.
	browse(t, ctx, chromedp.Focus(chromedp.CSS(".pos")), chromedp.KeyEvent("k"))
	waitJS(t, ctx, `!document.querySelector("audio").paused`, 5*time.Second)
	browse(t, ctx, chromedp.KeyEvent("k"))
	waitJS(t, ctx, `document.querySelector("audio").paused`, 5*time.Second)

	// The pointer still works: a click three quarters along the bar seeks there.
	r := jsEval[[]float64](t, ctx, `(() => { const r = document.querySelector(".bar").getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`)
	browse(t, ctx, chromedp.MouseClickXY(r[0]+r[2]*0.75, r[1]+r[3]/2))
	if got, want := currentTime(t, ctx), 0.75*e.Audio.Duration.Seconds(); !approx(got, want, 1.5) {
		t.Errorf("click at 75%% of the bar: currentTime %.2f, want about %.2f", got, want)
	}

	// Speed from the keyboard alone: Tab to it, arrow down to 1.25×.
	browse(t, ctx, chromedp.Focus(chromedp.CSS(".mute")), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Tab))
	if c := jsEval[string](t, ctx, `document.activeElement.className`); c != "rate" {
		t.Fatalf("two Tabs after mute land on %q, want the speed", c)
	}
	browse(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
	if got := jsEval[float64](t, ctx, `document.querySelector("audio").playbackRate`); got != 1.25 {
		t.Errorf("speed after ArrowDown = %v, want 1.25", got)
	}
}

// spokenCases are shared by TestSpokenDuration and the browser check of
// the player's JavaScript.
var spokenCases = []struct {
	in   time.Duration
	want string
}{
	{0, "0 seconds"},
	{time.Second, "1 second"},
	{59*time.Second + 900*time.Millisecond, "59 seconds"},
	{time.Minute, "1 minute"},
	{3*time.Minute + 12*time.Second, "3 minutes 12 seconds"},
	{25*time.Minute + 26*time.Second, "25 minutes 26 seconds"},
	{time.Hour + 5*time.Second, "1 hour 5 seconds"},
	{2*time.Hour + time.Minute + time.Second, "2 hours 1 minute 1 second"},
	{-time.Second, "0 seconds"},
}

func TestSpokenDuration(t *testing.T) {
	t.Parallel()
	for _, tt := range spokenCases {
		if got := httpx.SpokenDuration(tt.in); got != tt.want {
			t.Errorf("SpokenDuration(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestBrowserSpokenJS: the player's JavaScript says durations as Go does.
func TestBrowserSpokenJS(t *testing.T) {
	t.Parallel()
	st := newSite(t, Config{})
	ctx := within(t, newBrowser(t), 30*time.Second)
	browse(t, ctx, chromedp.Navigate(st.srv.PlayerURL(st.short)), chromedp.WaitReady(chromedp.CSS(".pl")))
	for _, tt := range spokenCases {
		if got := jsEval[string](t, ctx, fmt.Sprintf("window.onair.spoken(%v)", tt.in.Seconds())); got != tt.want {
			t.Errorf("JS spoken(%v) = %q, want %q", tt.in.Seconds(), got, tt.want)
		}
	}
}
