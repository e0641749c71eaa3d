package main

import (
	"reflect"
	"testing"
)

func TestSplitCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"whisper-cli -m models/ggml-base.en.bin -ovtt", []string{"whisper-cli", "-m", "models/ggml-base.en.bin", "-ovtt"}},
		{`sh -c 'a "b" c' x`, []string{"sh", "-c", `a "b" c`, "x"}},
		{`prog "two words" back\ slash`, []string{"prog", "two words", "back slash"}},
		{"  spaced   out ", []string{"spaced", "out"}},
	}
	for _, tc := range tests {
		got, err := splitCommand(tc.in)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "   ", `prog 'open`} {
		if _, err := splitCommand(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
