// Package apiwalk holds the test that calls every exported function and
// method of the library's public packages with zero values, nil and
// zero-value receivers, negative and out-of-range integers, NaN and
// infinite floats, and requires that none panics: misuse gets an error
// or a zero result (issue 17).
//
// The list of functions it calls, api_table_test.go, is generated from
// the packages' source by the test itself, and the test fails when the
// list and the source differ, so a new export cannot be left out:
//
//	go generate ./internal/apiwalk
//
// runs `go test -run TestAPITable -update` to write it again.
package apiwalk

//go:generate go test -run ^TestAPITable$ -update .
