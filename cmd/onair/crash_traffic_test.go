package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/onair-fm/onair/tus"
)

// acked is an upload the server answered 2xx: what must survive any crash.
type acked struct {
	ID, GUID, SHA256 string
	Size             int64
	How              string // "multipart" or "tus"
}

// traffic is the mixed load of the crash test: uploads both ways, feed
// and range GETs, and edits through the API and the dashboard. Requests
// that a kill cuts off fail, and are forgotten; what got a 2xx is kept.
type traffic struct {
	url, token string
	audio      [][]byte // upload bodies, a few sizes
	mu         sync.Mutex
	acks       []acked
	counts     map[string]int // 2xx answers by kind
	admin      *http.Client   // signed in to the dashboard
	email, pw  string
}

func (tr *traffic) ok(kind string, a *acked) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.counts[kind]++
	if a != nil {
		tr.acks = append(tr.acks, *a)
	}
}

// pick returns one acknowledged upload, or nil before the first.
func (tr *traffic) pick(r *rand.Rand) *acked {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if len(tr.acks) == 0 {
		return nil
	}
	a := tr.acks[r.IntN(len(tr.acks))]
	return &a
}

// run sends load until ctx ends: one goroutine per kind.
func (tr *traffic) run(ctx context.Context, seed uint64) {
	var wg sync.WaitGroup
	for i, f := range []func(context.Context, *rand.Rand){tr.multipart, tr.multipart, tr.tusUpload, tr.feeds, tr.ranges, tr.apiEdit, tr.dashboardEdit} {
		r := rand.New(rand.NewPCG(seed, uint64(i)))
		wg.Go(func() {
			for ctx.Err() == nil {
				f(ctx, r)
			}
		})
	}
	wg.Wait()
}

func (tr *traffic) do(ctx context.Context, method, path, ctype string, body io.Reader) (int, []byte) {
	req, err := http.NewRequestWithContext(ctx, method, tr.url+path, body)
	if err != nil {
		return 0, nil
	}
	req.Header.Set("Authorization", "Bearer "+tr.token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		time.Sleep(20 * time.Millisecond) // the server is down: do not spin
		return 0, nil
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// slowly streams b in 64 KB pieces with pauses, so a kill lands mid-upload.
func slowly(b []byte) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		for len(b) > 0 {
			n := min(len(b), 64<<10)
			if _, err := pw.Write(b[:n]); err != nil {
				return
			}
			b = b[n:]
			time.Sleep(2 * time.Millisecond)
		}
		pw.Close()
	}()
	return pr
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

type episodeAnswer struct {
	ID    string `json:"id"`
	GUID  string `json:"guid"`
	Audio struct {
		URL  string `json:"url"`
		Size int64  `json:"size"`
	} `json:"audio"`
}

func (tr *traffic) multipart(ctx context.Context, r *rand.Rand) {
	audio := tr.audio[r.IntN(len(tr.audio))]
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("title", fmt.Sprintf("multipart %d", r.Int()))
	fw, _ := mw.CreateFormFile("audio", "crash.mp3")
	fw.Write(audio)
	mw.Close()
	status, body := tr.do(ctx, "POST", "/api/v1/shows/crash/episodes", mw.FormDataContentType(), slowly(buf.Bytes()))
	var ep episodeAnswer
	if status/100 == 2 && json.Unmarshal(body, &ep) == nil {
		tr.ok("multipart", &acked{ID: ep.ID, GUID: ep.GUID, SHA256: sha(audio), Size: int64(len(audio)), How: "multipart"})
	}
}

func (tr *traffic) tusUpload(ctx context.Context, r *rand.Rand) {
	audio := tr.audio[r.IntN(len(tr.audio))]
	c := &tus.Client{HTTP: http.DefaultClient, Header: http.Header{"Authorization": {"Bearer " + tr.token}}, ChunkSize: 256 << 10}
	u, err := c.Create(ctx, tr.url+"/api/v1/uploads/", int64(len(audio)),
		map[string]string{"show": "crash", "sha256": sha(audio), "filename": "tus.mp3", "title": "tus"})
	if err != nil {
		time.Sleep(20 * time.Millisecond)
		return
	}
	body, err := c.Upload(ctx, u, bytes.NewReader(audio), int64(len(audio)), nil)
	var ep episodeAnswer
	if err == nil && json.Unmarshal(body, &ep) == nil && ep.ID != "" {
		tr.ok("tus", &acked{ID: ep.ID, GUID: ep.GUID, SHA256: sha(audio), Size: int64(len(audio)), How: "tus"})
	}
}

func (tr *traffic) feeds(ctx context.Context, r *rand.Rand) {
	kind := []string{"rss", "atom", "json"}[r.IntN(3)]
	if status, _ := tr.do(ctx, "GET", "/shows/crash/feed."+kind, "", nil); status == http.StatusOK {
		tr.ok("feed", nil)
	}
	time.Sleep(5 * time.Millisecond)
}

func (tr *traffic) ranges(ctx context.Context, r *rand.Rand) {
	a := tr.pick(r)
	if a == nil {
		time.Sleep(20 * time.Millisecond)
		return
	}
	status, body := tr.do(ctx, "GET", "/api/v1/episodes/"+a.ID, "", nil)
	var ep episodeAnswer
	if status != http.StatusOK || json.Unmarshal(body, &ep) != nil {
		return
	}
	start := r.Int64N(a.Size)
	req, _ := http.NewRequestWithContext(ctx, "GET", ep.Audio.URL, nil)
	req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", start, start+r.Int64N(1<<20)))
	if res, err := http.DefaultClient.Do(req); err == nil {
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusPartialContent {
			tr.ok("range", nil)
		}
	}
}

func (tr *traffic) apiEdit(ctx context.Context, r *rand.Rand) {
	a := tr.pick(r)
	if a == nil {
		time.Sleep(20 * time.Millisecond)
		return
	}
	patch := fmt.Sprintf(`{"title": "edited %d", "description_markdown": "Notes **%d**"}`, r.Int(), r.Int())
	if status, _ := tr.do(ctx, "PATCH", "/api/v1/episodes/"+a.ID, "application/json", strings.NewReader(patch)); status == http.StatusOK {
		tr.ok("api edit", nil)
	}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf reads the CSRF token off a dashboard page.
func (tr *traffic) csrf(ctx context.Context, path string) string {
	req, _ := http.NewRequestWithContext(ctx, "GET", tr.url+path, nil)
	res, err := tr.admin.Do(req)
	if err != nil {
		return ""
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := csrfField.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return ""
}

func (tr *traffic) post(ctx context.Context, path string, form url.Values) int {
	req, _ := http.NewRequestWithContext(ctx, "POST", tr.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := tr.admin.Do(req)
	if err != nil {
		time.Sleep(20 * time.Millisecond)
		return 0
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// dashboardEdit signs in (once; the session outlives restarts) and saves
// an episode's form.
func (tr *traffic) dashboardEdit(ctx context.Context, r *rand.Rand) {
	if tr.admin == nil {
		jar, _ := cookiejar.New(nil)
		tr.admin = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	a := tr.pick(r)
	if a == nil {
		time.Sleep(20 * time.Millisecond)
		return
	}
	tok := tr.csrf(ctx, "/admin/episodes/"+a.ID)
	if tok == "" { // signed out: the form is the sign-in page's
		if tok = tr.csrf(ctx, "/admin/signin"); tok != "" {
			tr.post(ctx, "/admin/signin", url.Values{"csrf": {tok}, "email": {tr.email}, "password": {tr.pw}})
		}
		return
	}
	form := url.Values{"csrf": {tok}, "title": {fmt.Sprintf("dashboard %d", r.Int())}, "notes": {"Edited in the **dashboard**."},
		"type": {"full"}, "publish": {"now"}}
	if tr.post(ctx, "/admin/episodes/"+a.ID, form) == http.StatusSeeOther {
		tr.ok("dashboard edit", nil)
	}
}
