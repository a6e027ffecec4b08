package servq_test

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/servq/servq/csat"
	"github.com/servq/servq/estimate"
	"github.com/servq/servq/internal/apitest"
	"github.com/servq/servq/mysteryshopper"
	"github.com/servq/servq/nps"
	"github.com/servq/servq/retention"
	"github.com/servq/servq/servqual"
	"github.com/servq/servq/timing"
)

// accumulator is the contract of every servq accumulator T with the
// observation In (the package doc's "One vocabulary"): one observation per
// Add, Merge of another T, the count N, and both encodings.
type accumulator[T, In any] interface {
	*T
	Add(In) error
	Merge(*T) error
	N() int64
	encoding.BinaryAppender
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
	json.Marshaler
	json.Unmarshaler
}

// resulter is an accumulator with a Result.
type resulter[T, In, R any] interface {
	accumulator[T, In]
	Result(estimate.Options) (R, error)
}

// contract describes one accumulator that meets the contract at compile
// time: its name, its observation type, and whether it has a Result.
type contract struct {
	acc, in reflect.Type
	result  bool
}

func withResult[T, In, R any, P resulter[T, In, R]]() contract {
	return contract{reflect.TypeFor[T](), reflect.TypeFor[In](), true}
}

// withoutResult is for an accumulator read by other methods than Result:
// timing.Sketch (quantiles, a part of Durations) and
// retention.Transactions (Summarize by a Split).
func withoutResult[T, In any, P accumulator[T, In]]() contract {
	return contract{reflect.TypeFor[T](), reflect.TypeFor[In](), false}
}

// contracts lists every accumulator of the module. An accumulator added
// later fails TestContract until it is listed here, which it can only be
// if it meets the contract.
var contracts = []contract{
	withResult[estimate.Moments, float64, estimate.Mean](),
	withResult[nps.Tally, int, nps.Result](),
	withResult[csat.Tally, int, csat.Result](),
	withResult[timing.Durations, time.Duration, timing.Summary](),
	withResult[timing.Sample, time.Duration, timing.Summary](),
	withResult[timing.Rate, bool, timing.Share](),
	withResult[timing.ServiceLevel, timing.Contact, timing.ServiceLevelResult](),
	withResult[timing.Compliance, timing.TargetState, timing.ComplianceResult](),
	withResult[timing.Tally, timing.Metrics, timing.TallyResult](),
	withoutResult[timing.Sketch, time.Duration](),
	withResult[servqual.Accumulator, servqual.Response, servqual.Result](),
	withResult[mysteryshopper.Audit, *mysteryshopper.Score, mysteryshopper.Result](),
	withResult[retention.Cohorts, retention.Event, retention.CohortTable](),
	withoutResult[retention.Transactions, retention.Event](),
	withResult[retention.Flow, retention.Membership, retention.Rate](),
	withResult[retention.Histories, retention.History, retention.BGNBD](),
	withResult[retention.Spends, retention.Spend, retention.GammaGamma](),
	withResult[retention.Lifetimes, retention.Lifetime, retention.Curve](),
	withResult[retention.Repeat, retention.Purchases, retention.RepeatRate](),
	withResult[retention.Revenue, retention.Account, retention.RevenueRates](),
}

// TestContract checks that the list above is every accumulator of the
// module (found by apitest.Accumulators from the methods the packages
// declare), that each has AddAll, and that each observation that is not
// a basic type encodes: AppendBinary and MarshalBinary on the value,
// UnmarshalBinary on its pointer (or on the observation itself when it is
// a pointer), so that observations cross processes without reflection.
func TestContract(t *testing.T) {
	found, err := apitest.Accumulators(".")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, c := range contracts {
		listed = append(listed, c.acc.String())
	}
	slices.Sort(listed)
	if !slices.Equal(found, listed) {
		t.Errorf("accumulators declared: %v\nlisted in contracts: %v", found, listed)
	}
	// The basic observations: int, int64 (and time.Duration), float64, bool.
	basic := map[reflect.Kind]bool{reflect.Int: true, reflect.Int64: true, reflect.Float64: true, reflect.Bool: true}
	appender := reflect.TypeFor[encoding.BinaryAppender]()
	marshaler := reflect.TypeFor[encoding.BinaryMarshaler]()
	unmarshaler := reflect.TypeFor[encoding.BinaryUnmarshaler]()
	for _, c := range contracts {
		if _, ok := reflect.PointerTo(c.acc).MethodByName("AddAll"); !ok {
			t.Errorf("%v has no AddAll", c.acc)
		}
		if _, ok := reflect.PointerTo(c.acc).MethodByName("Result"); ok != c.result {
			t.Errorf("%v: listed with a Result %v, has one %v", c.acc, c.result, ok)
		}
		if basic[c.in.Kind()] && (c.in.PkgPath() == "" || c.in == reflect.TypeFor[time.Duration]()) {
			continue
		}
		dec := reflect.PointerTo(c.in)
		if c.in.Kind() == reflect.Pointer {
			dec = c.in
		}
		if !c.in.Implements(appender) || !c.in.Implements(marshaler) || !dec.Implements(unmarshaler) {
			t.Errorf("%v: observation %v does not encode (AppendBinary, MarshalBinary, UnmarshalBinary)", c.acc, c.in)
		}
	}
}
