// Package wire is the one strict binary reader and writer of servq's
// encodings: the observations of the metric packages (a retention.Event,
// a timing.Metrics, a servqual.Response, a mysteryshopper.Score) and the
// binary state of their accumulators.
//
// Every encoding is built from the same primitives, appended by the
// Append functions and read back by a [Reader]:
//
//	version          one byte, checked by [Reader.Version]
//	uvarint          encoding/binary unsigned varint, minimal
//	varint           encoding/binary zig-zag varint, minimal
//	bool             one byte, 0 or 1
//	float64          8 little-endian bytes of math.Float64bits
//	bytes, string    a uvarint length, then the bytes
//	time.Time        a varint of Unix seconds, then a uvarint of the
//	                 nanoseconds 0..999999999; decoded in UTC
//
// A Reader is strict: a truncation, a non-minimal varint, a bool byte
// other than 0 and 1, a length past the data, nanoseconds >= 1e9, another
// version or bytes left over make it fail, and it keeps the first failure
// as an *estimate.ValueError naming the caller's function and wrapping
// estimate.ErrCorrupt. It checks the representation, not the values: the
// metric packages check those in Add. A length is checked against the
// bytes left before anything is allocated, so hostile input cannot make a
// decoder allocate more than its own size.
//
// Reading allocates nothing but the strings and slices the caller asks
// for; appending allocates nothing but the growth of the buffer.
package wire
