package web

import (
	"testing"
	"time"

	"github.com/onair-fm/onair/web/httpx"
)

// durationCases are shared with the browser test, which runs the player's
// JavaScript formatter on the same inputs.
var durationCases = []struct {
	in   time.Duration
	want string
}{
	{0, "0:00"},
	{59 * time.Second, "0:59"},
	{60 * time.Second, "1:00"},
	{599 * time.Second, "9:59"},
	{1526 * time.Second, "25:26"},
	{3599 * time.Second, "59:59"},
	{3600 * time.Second, "1:00:00"},
	{3725 * time.Second, "1:02:05"},
	{36000 * time.Second, "10:00:00"},
	{1526*time.Second + 999*time.Millisecond, "25:26"},
	{59*time.Second + 999*time.Millisecond, "0:59"},
	{500 * time.Millisecond, "0:00"},
	{-time.Second, "0:00"},
}

func TestFormatDuration(t *testing.T) {
	t.Parallel()
	for _, tt := range durationCases {
		if got := httpx.FormatDuration(tt.in); got != tt.want {
			t.Errorf("formatDuration(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
