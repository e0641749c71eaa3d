package feedsrv

import (
	"sync"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
)

// Fragments keeps rendered feed items (feeds.Format.Item) keyed by format,
// episode and feeds.ItemKey, which changes with anything the item shows,
// its URLs included. A feed rebuild then renders only the items that
// changed and stitches the rest from here, and feeds whose items differ
// only in their URLs (one per subscriber, say) share nothing by mistake.
// It holds two generations: a lookup moves an item to the newer one, and
// when the newer one is full the older is dropped, so the items of feeds
// still asked for stay. Safe for concurrent use; the zero value is ready.
type Fragments struct {
	// MaxBytes bounds what it holds (about twice this at most, with the
	// maps); 0 means 256 MiB.
	MaxBytes int64

	mu       sync.Mutex
	cur, old map[fragKey][]byte
	curBytes int64
}

type fragKey struct {
	format string
	id     string
	sum    uint64
}

const defaultMaxFragmentBytes = 256 << 20

// Items returns the fragments of eps in f with links l, in order, rendering
// those it does not hold. The slices are shared: callers must not change
// them.
func (c *Fragments) Items(f *feeds.Format, l feeds.Links, eps []*catalog.Episode) ([][]byte, error) {
	items := make([][]byte, len(eps))
	keys := make([]fragKey, len(eps))
	for i, e := range eps {
		keys[i] = fragKey{f.Name, e.ID, feeds.ItemKey(l, e)}
	}
	var missing []int
	c.mu.Lock()
	for i, k := range keys {
		if items[i] = c.get(k); items[i] == nil {
			missing = append(missing, i)
		}
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return items, nil
	}
	for _, i := range missing {
		b, err := f.Item(l, eps[i])
		if err != nil {
			return nil, err
		}
		items[i] = b
	}
	c.mu.Lock()
	for _, i := range missing {
		c.put(keys[i], items[i])
	}
	c.mu.Unlock()
	return items, nil
}

// Len is how many fragments it holds, for tests and metrics.
func (c *Fragments) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cur) + len(c.old)
}

// get finds k, moving it to the newer generation; c.mu is held.
func (c *Fragments) get(k fragKey) []byte {
	if b, ok := c.cur[k]; ok {
		return b
	}
	if b, ok := c.old[k]; ok {
		delete(c.old, k)
		c.put(k, b)
		return b
	}
	return nil
}

// put stores b under k, starting a new generation when the newer one holds
// half the budget; c.mu is held.
func (c *Fragments) put(k fragKey, b []byte) {
	if c.cur == nil {
		c.cur = map[fragKey][]byte{}
	}
	if _, ok := c.cur[k]; ok {
		return
	}
	max := c.MaxBytes
	if max <= 0 {
		max = defaultMaxFragmentBytes
	}
	if c.curBytes+int64(len(b)) > max/2 && len(c.cur) > 0 {
		c.old, c.cur, c.curBytes = c.cur, map[fragKey][]byte{}, 0
	}
	c.cur[k] = b
	c.curBytes += int64(len(b))
}
