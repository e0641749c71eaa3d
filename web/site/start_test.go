package site

import "testing"

func TestParseStart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"754", 754, true}, {"12.7", 12, true}, {"12:34", 754, true}, {"1:02:03", 3723, true},
		{"0:05", 5, true}, {"12:34.5", 754, true}, {"12m34s", 754, true}, {"1h2m", 3720, true}, {"45s", 45, true},
		{"", 0, false}, {"junk", 0, false}, {"-5", 0, false}, {"NaN", 0, false}, {"1:60", 0, false},
		{"1:2:3:4", 0, false}, {"1:-2", 0, false}, {"1e3:00", 0, false}, {"1.5:00", 0, false}, {"2s1m", 0, false},
		{"1m1m", 0, false}, {"5x", 0, false}, {"m", 0, false}, {"99999999999:00", 0, false}, {"1e99", 0, false},
	}
	for _, tc := range tests {
		got, ok := ParseStart(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseStart(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParseStart(f *testing.F) {
	for _, s := range []string{"754", "12:34", "1:02:03", "1h2m3s", "12.5", ":", "1::", "h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := ParseStart(s)
		if n < 0 || n > maxStart || !ok && n != 0 {
			t.Fatalf("ParseStart(%q) = %d, %v", s, n, ok)
		}
	})
}
