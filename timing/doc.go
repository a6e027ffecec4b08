// Package timing measures the clocks of a service desk: ticket lifecycle
// times from events, in calendar time and in business hours, SLA targets
// and their state, and service levels, each with its uncertainty.
package timing
