package media

import (
	"strconv"
	"testing"
)

// TestInfoCacheBounded: a full cache drops the least recently used entry,
// and a dropped key is gone.
func TestInfoCacheBounded(t *testing.T) {
	c := newInfoCache(3)
	for i := range 3 {
		c.put(BlobInfo{Key: "k" + strconv.Itoa(i), Size: int64(i)})
	}
	c.get("k0") // k1 is now the least recently used
	c.put(BlobInfo{Key: "k3", Size: 3})
	c.drop("k2")
	for _, tc := range []struct {
		key  string
		want bool
	}{{"k0", true}, {"k1", false}, {"k2", false}, {"k3", true}} {
		info, ok := c.get(tc.key)
		if ok != tc.want || ok && info.Key != tc.key {
			t.Errorf("get(%s) = %+v, %v; want found %v", tc.key, info, ok, tc.want)
		}
	}
	if n := c.lru.Len(); n != 2 || len(c.m) != 2 {
		t.Errorf("%d entries in the list, %d in the map; want 2", n, len(c.m))
	}
}

func TestParseContentRange(t *testing.T) {
	for _, tc := range []struct {
		in                string
		first, last, size int64
		ok                bool
	}{
		{"bytes 0-1/100", 0, 1, 100, true},
		{"bytes 90-99/100", 90, 99, 100, true},
		{"bytes 0-99/*", 0, 0, 0, false},
		{"bytes 5-4/100", 0, 0, 0, false},
		{"bytes 0-100/100", 0, 0, 0, false},
		{"bytes */100", 0, 0, 0, false},
		{"items 0-1/100", 0, 0, 0, false},
		{"", 0, 0, 0, false},
	} {
		f, l, s, ok := parseContentRange(tc.in)
		if f != tc.first || l != tc.last || s != tc.size || ok != tc.ok {
			t.Errorf("parseContentRange(%q) = %d, %d, %d, %v", tc.in, f, l, s, ok)
		}
	}
}
