package main

import (
	"os"
	"testing"
)

// asOnair, set in a process's environment, makes this test binary onair.
const asOnair = "ONAIR_TEST_AS_COMMAND"

// TestMain runs the tests, or, in a process that a test started from this
// binary, is onair itself: tests that need a process of their own (exit
// status, signals, several nodes) run it instead of building onair.
func TestMain(m *testing.M) {
	if os.Getenv(asOnair) != "" {
		main()
		os.Exit(0)
	}
	os.Setenv(asOnair, "1") // for every process the tests start
	os.Exit(m.Run())
}

// onairBinary is the program that is onair when a test runs it: this test
// binary (see TestMain).
func onairBinary(t *testing.T) string {
	t.Helper()
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}
