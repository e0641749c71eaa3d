package importer

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// zones are the named zones RFC 822 allows and feeds use, with their
// offsets from UTC in hours. time.Parse does not know them: it would read
// "EST" as a zero offset unless the machine's own zone is Eastern.
var zones = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "CET": 1, "CEST": 2, "MET": 1, "MEST": 2, "EET": 2, "EEST": 3,
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
	"AKST": -9, "AKDT": -8, "HST": -10, "AEST": 10, "AEDT": 11, "JST": 9, "IST": 5, "NZST": 12, "NZDT": 13,
}

var months = map[string]time.Month{}

func init() {
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		months[name] = m
		months[name[:3]] = m
	}
	months["sept"] = time.September
}

// ParseDate reads a feed's date in every form real feeds use: RFC 1123 and
// 822 with or without the weekday and its comma, two- or four-digit years,
// one- or two-digit days, full or short month names (either order), with
// or without seconds, numeric zones (-0000 is UTC) or named ones (EST,
// GMT), and RFC 3339. It never guesses: anything else is an error.
func ParseDate(s string) (time.Time, error) {
	raw := s
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("importer: no date")
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			if layout == "2006-01-02T15:04:05" {
				return time.Time{}, fmt.Errorf("importer: the date %q has no time zone", raw)
			}
			return t.UTC(), nil
		}
	}
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	// The weekday, if any, goes first; it says nothing the date does not.
	if len(f) > 0 && isWeekday(f[0]) {
		f = f[1:]
	}
	if len(f) < 4 || len(f) > 5 {
		return time.Time{}, fmt.Errorf("importer: the date %q is in no form onair knows", raw)
	}
	var day, year int
	var mon time.Month
	var err error
	if m, ok := months[strings.ToLower(strings.TrimSuffix(f[0], "."))]; ok { // "Nov 7 2015 ..."
		mon = m
		day, err = strconv.Atoi(f[1])
	} else {
		day, err = strconv.Atoi(f[0])
		mon, ok = months[strings.ToLower(strings.TrimSuffix(f[1], "."))]
		if !ok {
			err = fmt.Errorf("no month")
		}
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("importer: the date %q is in no form onair knows", raw)
	}
	year, err = strconv.Atoi(f[2])
	if err != nil || len(f[2]) != 2 && len(f[2]) != 4 {
		return time.Time{}, fmt.Errorf("importer: the date %q has no year onair can read", raw)
	}
	if len(f[2]) == 2 {
		year += 1900
		if year < 1970 {
			year += 100
		}
	}
	clock := strings.Split(f[3], ":")
	if len(clock) < 2 || len(clock) > 3 {
		return time.Time{}, fmt.Errorf("importer: the date %q has no time of day onair can read", raw)
	}
	hms := [3]int{}
	for i, c := range clock {
		if hms[i], err = strconv.Atoi(c); err != nil || len(c) > 2 {
			return time.Time{}, fmt.Errorf("importer: the date %q has no time of day onair can read", raw)
		}
	}
	if len(f) == 4 {
		return time.Time{}, fmt.Errorf("importer: the date %q has no time zone", raw)
	}
	loc, ok := zone(f[4])
	if !ok {
		return time.Time{}, fmt.Errorf("importer: the date %q has a time zone onair does not know", raw)
	}
	if day < 1 || day > 31 || hms[0] > 23 || hms[1] > 59 || hms[2] > 60 {
		return time.Time{}, fmt.Errorf("importer: the date %q is out of range", raw)
	}
	t := time.Date(year, mon, day, hms[0], hms[1], hms[2], 0, loc)
	if t.Day() != day { // 31 Feb
		return time.Time{}, fmt.Errorf("importer: the date %q does not exist", raw)
	}
	return t.UTC(), nil
}

func isWeekday(s string) bool {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if s == name || s == name[:3] || (len(s) >= 3 && strings.HasPrefix(name, s)) {
			return true
		}
	}
	return false
}

// zone reads "+0100", "-05:00", "-0000" or a named zone.
func zone(s string) (*time.Location, bool) {
	if h, ok := zones[strings.ToUpper(s)]; ok {
		return time.FixedZone(strings.ToUpper(s), h*3600), true
	}
	if len(s) == 6 && s[3] == ':' {
		s = s[:3] + s[4:]
	}
	if len(s) != 5 || (s[0] != '+' && s[0] != '-') {
		return nil, false
	}
	hh, err1 := strconv.Atoi(s[1:3])
	mm, err2 := strconv.Atoi(s[3:5])
	if err1 != nil || err2 != nil || hh > 14 || mm > 59 {
		return nil, false
	}
	off := hh*3600 + mm*60
	if s[0] == '-' {
		off = -off
	}
	return time.FixedZone(s, off), true
}

// ParseDuration reads itunes:duration: seconds ("4968", "4968.5"),
// "MM:SS" or "HH:MM:SS". ok is false for anything else.
func ParseDuration(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0, false
	}
	var total float64
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || v < 0 || (i < len(parts)-1 && strings.Contains(p, ".")) {
			return 0, false
		}
		total = total*60 + v
	}
	if total > 1e7 {
		return 0, false
	}
	return time.Duration(total * float64(time.Second)), true
}
