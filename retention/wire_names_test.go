package retention

import "github.com/servq/servq/internal/wire"

// The names the observation tests were written with, from before the
// package read and wrote through internal/wire.
const maxUnixSeconds = wire.MaxUnixSeconds

var appendTime = wire.AppendTime
