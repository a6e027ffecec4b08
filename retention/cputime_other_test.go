//go:build !unix

package retention

import "time"

// processCPU is unknown here: benchmarks then report wall-clock time only.
func processCPU() (time.Duration, bool) { return 0, false }
