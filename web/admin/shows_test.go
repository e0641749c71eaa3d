package admin

import (
	"strings"
	"testing"
)

func FuzzParsePersons(f *testing.F) {
	f.Add("Ana | host\nBo|guest|cast|https://bo.example|x")
	f.Add("|||||\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		ps := parsePersons(in)
		for _, p := range ps {
			if p.Name == "" || strings.ContainsAny(p.Name, "\n|") {
				t.Fatalf("person %+v from %q", p, in)
			}
		}
	})
}
