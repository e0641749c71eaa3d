package feedsrv

import "testing"

// TestAcceptsGzip: RFC 9110's rules for Accept-Encoding, as far as gzip
// goes.
func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		values []string
		want   bool
	}{
		{nil, false},
		{[]string{""}, false},
		{[]string{"gzip"}, true},
		{[]string{"GZIP"}, true},
		{[]string{"x-gzip"}, true},
		{[]string{"br, deflate"}, false},
		{[]string{"br", "gzip"}, true},
		{[]string{"br, gzip;q=0.8"}, true},
		{[]string{"gzip ; q=0.5"}, true},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip;q=0.000"}, false},
		{[]string{"gzip;Q=0"}, false},
		{[]string{"gzip; level=9; q=0"}, false},
		{[]string{"gzip;q=0.001"}, true},
		{[]string{"gzip;q=junk"}, true},
		{[]string{"*"}, true},
		{[]string{"*;q=0"}, false},
		{[]string{"gzip;q=0, *"}, false},
		{[]string{"*, gzip;q=0"}, false},
		{[]string{"*;q=0, gzip"}, true},
		{[]string{"*", "gzip;q=0"}, false},
		{[]string{"identity;q=0"}, false},
	}
	for _, tt := range tests {
		if got := acceptsGzip(tt.values); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tt.values, got, tt.want)
		}
	}
}

func BenchmarkAcceptsGzip(b *testing.B) {
	v := []string{"gzip, deflate, br"}
	b.ReportAllocs()
	for b.Loop() {
		acceptsGzip(v)
	}
}
