package feeds

import (
	"strings"
	"unicode/utf8"
)

// clean makes any user text safe to put in XML 1.0 and JSON: invalid UTF-8
// (say, Latin-1 from an old ID3 tag) is read as Latin-1 where that gives a
// printable character and dropped otherwise, and characters XML 1.0 forbids
// (C0 controls but tab, newline and CR; U+FFFE, U+FFFF) are dropped.
// Escaping is left to the encoders, so nothing is escaped twice. Clean text
// is returned as is, without allocating.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			// Not UTF-8: a Latin-1 byte from legacy metadata.
			if c := s[i]; c >= 0xA0 {
				b.WriteRune(rune(c))
			}
			i++
			continue
		}
		if xmlChar(r) {
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

func isClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n <= 1) || !xmlChar(r) {
			return false
		}
		i += n
	}
	return true
}

// xmlChar reports whether XML 1.0 allows r (its production Char).
func xmlChar(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return r <= utf8.MaxRune
}
