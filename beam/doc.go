// Package beam is the root of the module that runs jvwaterfall's
// scenarios on Apache Beam: package pipeline builds the pipeline, and
// cmd/jvwaterfall-beam runs it, on Prism (Beam's local runner) by default
// or on Flink, Spark or Dataflow by flag. The module is separate from the
// library's so that a program importing the library never pulls in
// Beam's dependencies.
package beam
