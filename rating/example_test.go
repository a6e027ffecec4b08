package rating_test

import (
	"errors"
	"fmt"

	"github.com/servq/servq/rating"
)

func ExampleScale_Check() {
	s := rating.Scale{Min: 1, Max: 7}
	if err := s.Validate(""); err != nil {
		panic(err)
	}
	for i, x := range []int{4, 7, 8} {
		if err := s.Check("survey.Load", x, i); err != nil {
			fmt.Println(err, errors.Is(err, rating.ErrOutOfRange))
		}
	}
	// Output:
	// survey.Load: rating 8 at index 2: out of range 1..7 true
}
