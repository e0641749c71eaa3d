package sqlite

import "io/fs"

// LoadMigrations exposes loadMigrations' ordering to the tests: versions only.
func LoadMigrations(fsys fs.FS) ([]int, error) {
	ms, err := loadMigrations(fsys)
	var vs []int
	for _, m := range ms {
		vs = append(vs, m.version)
	}
	return vs, err
}
