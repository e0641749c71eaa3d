// Package layout holds the test that keeps the package map in README.md
// true: which onair packages each package may import.
package layout

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/onair-fm/onair/"

// allowed lists, for each package, the onair packages its non-test files
// may import. Dependencies point one way: cmd -> web/* -> publish ->
// {catalog, media, feeds, analytics}. A package missing here fails the
// test, so a new one gets a line, and README.md's layout with it.
var allowed = map[string][]string{
	"catalog":            {},
	"catalog/sqlstore":   {"catalog"},
	"catalog/sqlite":     {"catalog", "catalog/sqlstore"},
	"catalog/postgres":   {"catalog", "catalog/sqlstore"},
	"media":              {},
	"transcript":         {},
	"feeds":              {"catalog", "transcript"},
	"analytics":          {"catalog"},
	"logs":               {},
	"tus":                {},
	"internal/procgroup": {},
	"publish":            {"catalog", "media", "feeds", "transcript", "internal/procgroup"},
	"migrate":            {"catalog", "media"},
	"importer":           {"catalog", "media", "publish"},
	"fsck":               {"catalog", "media"},
	"web/httpx":          {"catalog", "media", "analytics", "logs", "publish", "transcript"},
	"web/feedsrv":        {"catalog", "feeds", "publish", "transcript", "internal/procgroup", "web/httpx"},
	"web/delivery":       {"catalog", "media", "analytics", "web/httpx"},
	"web/site":           {"catalog", "transcript", "web/httpx"},
	"web/api":            {"catalog", "media", "analytics", "feeds", "publish", "importer", "transcript", "web/httpx", "web/feedsrv"},
	"web/uploads":        {"catalog", "media", "publish", "web/httpx", "web/api"},
	"web/admin":          {"catalog", "media", "analytics", "feeds", "publish", "importer", "transcript", "web/httpx", "web/feedsrv", "web/api", "web/site"},
	"web": {"catalog", "media", "publish", "fsck", "importer", "web/httpx", "web/feedsrv", "web/delivery", "web/site",
		"web/api", "web/uploads", "web/admin"},
}

// noHTTPServing are the domain packages that know nothing of serving HTTP.
var noHTTPServing = []string{"catalog", "feeds", "publish", "analytics", "catalog/sqlstore", "fsck"}

// free are packages whose imports are not limited: the binary, test and
// benchmark helpers.
var free = []string{"cmd/onair", "bench", "deploy", "internal/testmedia", "internal/feedtest", "internal/testlog", "catalog/storetest", "catalog/postgres/pgtest", "media/storagetest"}

func TestPackageDependencies(t *testing.T) {
	root := filepath.Join("..", "..")
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		if slices.ContainsFunc(free, func(f string) bool { return pkg == f || strings.HasPrefix(pkg, f+"/") }) {
			return nil
		}
		seen[pkg] = true
		may, ok := allowed[pkg]
		if !ok {
			t.Errorf("%s is not in the package map (allowed in internal/layout, and README.md's layout)", pkg)
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if dep, ok := strings.CutPrefix(p, module); ok && !slices.Contains(may, dep) {
				t.Errorf("%s imports %s, which it may not (may: %v)", path, dep, may)
			}
			if slices.Contains(noHTTPServing, pkg) && (p == "net/http" || strings.HasPrefix(p, "github.com/gin-gonic/")) {
				t.Errorf("%s imports %s: %s knows nothing of HTTP", path, p, pkg)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range allowed {
		if !seen[pkg] {
			t.Errorf("the package map names %s, which does not exist", pkg)
		}
	}
}
