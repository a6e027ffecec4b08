//go:build unix

package retention

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user and system) this process has used
// so far, on every thread: what a benchmark costs on a loaded machine,
// where its wall-clock time depends on the other processes.
func processCPU() (time.Duration, bool) {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0, false
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano()), true
}
