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

// A Skip is a path found in a directory that List does not read, and why.
type Skip struct {
	Path   string
	Reason string // e.g. ".docx: not a supported format"
}

// List expands paths into the sorted, de-duplicated list of source files
// they name: files as given, directories walked recursively (hidden entries
// skipped, symbolic links to files followed, links to directories not
// followed, so a symlink loop cannot recurse). Paths that cannot be listed
// come back as ListErrors beside the files that could, and every other
// entry found in a directory as a Skip with its reason.
func List(paths []string) ([]string, []*ListError, []Skip) {
	seen := map[string]bool{}
	var files []string
	var errs []*ListError
	var skips []Skip
	skip := func(p, reason string) { skips = append(skips, Skip{p, reason}) }
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
		if l, err := os.Lstat(root); err == nil && l.Mode()&fs.ModeSymlink != 0 {
			// A directory named through a symbolic link is walked: the
			// link was given, not found.
			root = filepath.Clean(root) + string(filepath.Separator)
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
				skip(p, "hidden")
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if !hasExtension(p) {
				ext := strings.ToLower(filepath.Ext(p))
				if ext == "" {
					ext = "no extension"
				}
				skip(p, ext+": not a supported format (want "+strings.Join(Extensions, ", ")+")")
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				target, err := os.Stat(p)
				if err != nil {
					errs = append(errs, &ListError{p, fmt.Errorf("symbolic link: %w", err)})
					return nil
				}
				if target.IsDir() {
					skip(p, "symbolic link to a directory: not followed")
					return nil
				}
			} else if !d.Type().IsRegular() {
				skip(p, "not a regular file")
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
	return files, errs, skips
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
