package feeds

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var renderers = []struct {
	ext    string
	render func(Input) ([]byte, error)
}{
	{"rss", RSS},
	{"atom", Atom},
	{"json", JSON},
}

func TestGolden(t *testing.T) {
	inputs := []struct {
		name string
		in   Input
	}{
		{"full", fullInput()},
		{"minimal", minimalInput()},
	}
	for _, tc := range inputs {
		for _, r := range renderers {
			name := tc.name + "." + r.ext
			t.Run(name, func(t *testing.T) {
				got, err := r.render(tc.in)
				if err != nil {
					t.Fatal(err)
				}
				again, _ := r.render(tc.in)
				if !bytes.Equal(got, again) {
					t.Fatal("two renders of the same input differ")
				}
				compareGolden(t, filepath.Join("testdata", name), got)
			})
		}
	}
	t.Run("chapters.json", func(t *testing.T) {
		in := fullInput()
		got, err := Chapters(in.Show, in.Episodes[0])
		if err != nil {
			t.Fatal(err)
		}
		compareGolden(t, filepath.Join("testdata", "chapters.json"), got)
	})
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update if the change is right)\ngot:\n%s", path, got)
	}
}
