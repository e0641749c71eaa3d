package httpx

import (
	"fmt"
	"time"
)

// FormatDuration writes a duration the way players show it: M:SS under an
// hour and H:MM:SS from an hour, seconds rounded down ("25:26", "1:02:05";
// never "28:6"). The player's JavaScript formats the same way.
func FormatDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	total := int64(d / time.Second)
	h, m, sec := total/3600, total/60%60, total%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%d:%02d", m, sec)
}
