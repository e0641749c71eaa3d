package catalog

import "testing"

func TestValidCategory(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"News", true},
		{"News/Daily News", true},
		{"Society & Culture/Documentary", true},
		{"True Crime", true},
		{"TV & Film/After Shows", true},
		{"Technology", true},
		{"news", false},                  // case matters to Apple
		{"Society & Culture/", false},    // empty subcategory
		{"Documentary", false},           // a subcategory alone
		{"News/Documentary", false},      // under the wrong parent
		{"News & Politics", false},       // the pre-2019 list
		{"Society &amp; Culture", false}, // escaped
		{"Arts/Books/Poetry", false},     // too deep
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidCategory(tt.in); got != tt.want {
			t.Errorf("ValidCategory(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCategoriesAllValid(t *testing.T) {
	all := Categories()
	if len(all) != 19+91 {
		t.Errorf("got %d categories, want 19 top-level + 91 subcategories", len(all))
	}
	for _, c := range all {
		if !ValidCategory(c) {
			t.Errorf("Categories() lists %q, which ValidCategory rejects", c)
		}
		cat, sub := SplitCategory(c)
		if sub != "" && !ValidCategory(cat) {
			t.Errorf("%q: parent %q is not valid", c, cat)
		}
	}
}
