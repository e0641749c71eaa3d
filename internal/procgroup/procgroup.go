// Package procgroup runs outside programs (transcribers, notify commands)
// so that stopping one stops everything it started: such a program is
// often a wrapper script, and killing only the script would leave its
// children running, holding its output open.
package procgroup

import "os/exec"

// Set makes cmd start in a process group of its own, which its context's
// end kills whole (Unix). Elsewhere it leaves cmd as it is: its context
// kills the program alone. Call it before cmd starts.
func Set(cmd *exec.Cmd) { set(cmd) }
