package site

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// maxStart bounds ?t=: about 115 days, far past any episode.
const maxStart = 1e7

// startTime reads ?t=, where a shared link starts playback: seconds
// ("754", "754.5"), a clock ("12:34", "1:02:03") or units ("12m34s",
// "1h2m"). Anything else means the start.
func startTime(c *gin.Context) int {
	s, ok := ParseStart(c.Query("t"))
	if !ok {
		return 0
	}
	return s
}

// ParseStart reads a share link's start time into whole seconds, and
// reports whether it was one.
func ParseStart(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 32 {
		return 0, false
	}
	if strings.Contains(s, ":") {
		return clockStart(s)
	}
	if strings.ContainsAny(s, "hms") {
		return unitStart(s)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f >= 0 && f <= maxStart) { // also refuses NaN
		return 0, false
	}
	return int(f), true
}

// clockStart reads [[h:]m:]s, minutes and seconds below 60 after the
// first part.
func clockStart(s string) (int, bool) {
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0, false
	}
	total := 0.0
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || !(v >= 0) || i > 0 && v >= 60 || strings.ContainsAny(p, "eE+-") || i < len(parts)-1 && strings.Contains(p, ".") {
			return 0, false
		}
		total = total*60 + v
	}
	if total > maxStart {
		return 0, false
	}
	return int(total), true
}

// unitStart reads 1h2m3s and its parts, each unit at most once, in order.
func unitStart(s string) (int, bool) {
	total, last := 0, -1
	units := map[byte]int{'h': 3600, 'm': 60, 's': 1}
	order := map[byte]int{'h': 0, 'm': 1, 's': 2}
	num := ""
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			num += string(c)
			continue
		}
		mul, ok := units[c]
		if !ok || num == "" || order[c] <= last || len(num) > 8 {
			return 0, false
		}
		n, _ := strconv.Atoi(num)
		total += n * mul
		last, num = order[c], ""
	}
	if num != "" || total > maxStart {
		return 0, false
	}
	return total, true
}
