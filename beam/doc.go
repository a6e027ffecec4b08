// Package servqbeam runs the accumulators of servq as Apache Beam
// combiners, so that the same metrics, with the same numbers and
// intervals, come out of a pipeline on Dataflow, Flink, Spark or Beam's
// own prism runner as out of one process. Its import path is
// github.com/servq/servq/beam; it is a module of its own, so that the core
// module never pulls in the Beam SDK.
package servqbeam
