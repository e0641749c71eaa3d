package analytics

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// useragentsJSON is the list of bots, apps and browsers, kept as data so it
// can be updated without touching code. Its "about" field names its sources.
//
//go:embed useragents.json
var useragentsJSON []byte

// AppOther is the app of a user agent that matches nothing in the list.
const AppOther = "Other"

type uaPattern struct {
	Name    string `json:"name"`
	Pattern string `json:"pattern"`
	re      *regexp.Regexp
}

type uaList struct {
	Bots     []uaPattern `json:"bots"`
	Apps     []uaPattern `json:"apps"`
	Browsers []uaPattern `json:"browsers"`
}

var agents = mustLoadAgents(useragentsJSON)

func mustLoadAgents(b []byte) *uaList {
	l, err := loadAgents(b)
	if err != nil {
		panic(err)
	}
	return l
}

func loadAgents(b []byte) (*uaList, error) {
	var l uaList
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("analytics: useragents.json: %w", err)
	}
	for _, group := range [][]uaPattern{l.Bots, l.Apps, l.Browsers} {
		for i := range group {
			re, err := regexp.Compile(group[i].Pattern)
			if err != nil {
				return nil, fmt.Errorf("analytics: useragents.json: %s: %w", group[i].Name, err)
			}
			group[i].re = re
		}
	}
	return &l, nil
}

// Client is what a user agent says about who is fetching.
type Client struct {
	// Bot is true for crawlers, scripts, link previews, feed indexers and
	// other fetchers that are not a listener; they are never counted.
	Bot bool
	// App is the listening app or browser family, AppOther when unknown,
	// or for a bot the kind of bot.
	App string
}

// identified caches Identify: a server sees few distinct user agents, and
// matching every pattern on every request is the costliest part of
// recording a hit. Bounded; starts over when full.
var identified struct {
	sync.Mutex
	m map[string]Client
}

// maxCachedAgent is the longest user agent the cache keeps; real ones are
// a few hundred bytes.
const maxCachedAgent = 512

// Identify classifies a User-Agent header.
func Identify(ua string) Client {
	identified.Lock()
	c, ok := identified.m[ua]
	identified.Unlock()
	if ok {
		return c
	}
	c = identify(ua)
	if len(ua) > maxCachedAgent {
		return c // keep memory bounded whatever clients send
	}
	identified.Lock()
	if identified.m == nil || len(identified.m) >= 4096 {
		identified.m = make(map[string]Client)
	}
	identified.m[ua] = c
	identified.Unlock()
	return c
}

func identify(ua string) Client {
	ua = strings.ReplaceAll(strings.ReplaceAll(ua, "\n", " "), "\r", " ")
	for _, p := range agents.Bots {
		if p.re.MatchString(ua) {
			return Client{Bot: true, App: p.Name}
		}
	}
	for _, group := range [][]uaPattern{agents.Apps, agents.Browsers} {
		for _, p := range group {
			if p.re.MatchString(ua) {
				return Client{App: p.Name}
			}
		}
	}
	return Client{App: AppOther}
}
