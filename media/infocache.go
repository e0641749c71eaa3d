package media

import (
	"container/list"
	"sync"
)

// infoCacheSize bounds the info cache: 16384 entries of a key and a
// BlobInfo are a few MiB, and more episodes than most publishers serve.
const infoCacheSize = 1 << 14

// infoCache remembers what storage said about blobs, so opening one again
// costs no request: a key's bytes never change, so its size and
// modification time hold for as long as it exists. What it cannot know is
// a deletion made elsewhere (through another node); whoever finds a blob
// missing drops it. When full, the least recently used entry goes.
type infoCache struct {
	mu  sync.Mutex
	max int
	lru *list.List // of BlobInfo, most recently used first
	m   map[string]*list.Element
}

func newInfoCache(max int) *infoCache {
	return &infoCache{max: max, lru: list.New(), m: make(map[string]*list.Element)}
}

// get returns the info kept for key.
func (c *infoCache) get(key string) (BlobInfo, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok {
		return BlobInfo{}, false
	}
	c.lru.MoveToFront(e)
	return e.Value.(BlobInfo), true
}

// put keeps info, dropping the least recently used entry when full.
func (c *infoCache) put(info BlobInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[info.Key]; ok {
		e.Value = info
		c.lru.MoveToFront(e)
		return
	}
	c.m[info.Key] = c.lru.PushFront(info)
	for c.lru.Len() > c.max {
		last := c.lru.Back()
		c.lru.Remove(last)
		delete(c.m, last.Value.(BlobInfo).Key)
	}
}

// drop forgets key: it was deleted, or found missing.
func (c *infoCache) drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		c.lru.Remove(e)
		delete(c.m, key)
	}
}
