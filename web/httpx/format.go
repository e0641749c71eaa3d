package httpx

import (
	"fmt"
	"strings"
	"time"

	"github.com/onair-fm/onair/transcript"
)

// FormatDuration writes a duration the way players show it (transcript's
// Clock: "25:26", "1:02:05", never "28:6"). The player's JavaScript
// formats the same way.
func FormatDuration(d time.Duration) string { return transcript.Clock(d) }

// SpokenDuration writes a duration as a screen reader should say it, "3
// minutes 12 seconds", "1 hour 5 seconds", "0 seconds": the player's seek
// bar gives it as aria-valuetext, where "3:12" would be read as a time of
// day. Seconds are rounded down; the player's JavaScript says the same.
func SpokenDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	total := int64(d / time.Second)
	var parts []string
	unit := func(n int64, word string) {
		if n != 1 {
			word += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, word))
	}
	if h := total / 3600; h > 0 {
		unit(h, "hour")
	}
	if m := total / 60 % 60; m > 0 {
		unit(m, "minute")
	}
	if s := total % 60; s > 0 || len(parts) == 0 {
		unit(s, "second")
	}
	return strings.Join(parts, " ")
}
