//go:build long

package group_test

import (
	"testing"

	"github.com/servq/servq/group"
)

// TestAllZonesLong is TestAllZones at every transition and for every
// period.
func TestAllZonesLong(t *testing.T) {
	n := 0
	for _, name := range allZones(t) {
		n += checkZone(t, name, []group.Period{group.Day, group.Week, group.Month, group.Quarter}, 1)
	}
	t.Logf("%d probes", n)
}
