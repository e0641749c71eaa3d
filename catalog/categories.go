package catalog

import "strings"

// appleCategories is Apple Podcasts' category list: each top-level category
// with its subcategories. Apple rejects or ignores any other spelling, so the
// API accepts only these, written "Category" or "Category/Subcategory".
var appleCategories = []struct {
	Name string
	Subs []string
}{
	{"Arts", []string{"Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"}},
	{"Business", []string{"Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"}},
	{"Comedy", []string{"Comedy Interviews", "Improv", "Stand-Up"}},
	{"Education", []string{"Courses", "How To", "Language Learning", "Self-Improvement"}},
	{"Fiction", []string{"Comedy Fiction", "Drama", "Science Fiction"}},
	{"Government", nil},
	{"History", nil},
	{"Health & Fitness", []string{"Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"}},
	{"Kids & Family", []string{"Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"}},
	{"Leisure", []string{"Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden", "Video Games"}},
	{"Music", []string{"Music Commentary", "Music History", "Music Interviews"}},
	{"News", []string{"Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News", "Tech News"}},
	{"Religion & Spirituality", []string{"Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality"}},
	{"Science", []string{"Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics", "Natural Sciences", "Nature", "Physics", "Social Sciences"}},
	{"Society & Culture", []string{"Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"}},
	{"Sports", []string{"Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling"}},
	{"Technology", nil},
	{"True Crime", nil},
	{"TV & Film", []string{"After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"}},
}

var validCategories = func() map[string]bool {
	m := make(map[string]bool)
	for _, c := range appleCategories {
		m[c.Name] = true
		for _, s := range c.Subs {
			m[c.Name+"/"+s] = true
		}
	}
	return m
}()

// ValidCategory reports whether c is on Apple's list, spelled exactly:
// "News" or "Society & Culture/Documentary".
func ValidCategory(c string) bool { return validCategories[c] }

// SplitCategory splits "Society & Culture/Documentary" into the category and
// the subcategory ("" when there is none), as itunes:category nests them.
func SplitCategory(c string) (category, sub string) {
	category, sub, _ = strings.Cut(c, "/")
	return category, sub
}

// Categories returns every valid category string, top-level categories each
// followed by their subcategories, in Apple's order.
func Categories() []string {
	var out []string
	for _, c := range appleCategories {
		out = append(out, c.Name)
		for _, s := range c.Subs {
			out = append(out, c.Name+"/"+s)
		}
	}
	return out
}
