package sqlite_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
)

func equal(a, b any) bool { return reflect.DeepEqual(a, b) }

func mkdirFor(path string) error { return os.MkdirAll(filepath.Dir(path), 0o755) }

func escape(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}
