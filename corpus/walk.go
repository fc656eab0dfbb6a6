package corpus

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Extensions of the files List picks up inside directories. Files named
// directly on the command line are read whatever their name.
var Extensions = []string{".txt", ".text", ".pdf"}

// A ListError is a path that could not be listed (a symlink loop, a missing
// or unreadable directory). It becomes a failed document of that path.
type ListError struct {
	Path string
	Err  error
}

func (e *ListError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *ListError) Unwrap() error { return e.Err }

// List expands paths into the sorted, de-duplicated list of source files
// they name: files as given, directories walked recursively (hidden entries
// skipped, symbolic links to files followed, links to directories not
// followed, so a symlink loop cannot recurse). Paths that cannot be listed
// come back as ListErrors beside the files that could.
func List(paths []string) ([]string, []*ListError) {
	seen := map[string]bool{}
	var files []string
	var errs []*ListError
	add := func(p string) {
		p = filepath.Clean(p)
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			errs = append(errs, &ListError{root, err})
			continue
		}
		if !info.IsDir() {
			add(root)
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &ListError{p, err})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if p != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !hasExtension(p) {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				target, err := os.Stat(p)
				if err != nil {
					errs = append(errs, &ListError{p, fmt.Errorf("symbolic link: %w", err)})
					return nil
				}
				if target.IsDir() {
					return nil
				}
			} else if !d.Type().IsRegular() {
				return nil
			}
			add(p)
			return nil
		})
		if err != nil {
			errs = append(errs, &ListError{root, err})
		}
	}
	sort.Strings(files)
	return files, errs
}

func hasExtension(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	for _, e := range Extensions {
		if ext == e {
			return true
		}
	}
	return false
}
