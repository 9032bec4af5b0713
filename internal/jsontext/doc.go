// Package jsontext is the strict JSON reader and the canonical writer of
// the deal spec (package spec).
//
// [Parse] reads JSON (RFC 8259) into a tree of [Value]s that keeps the
// members of each object in order, checking limits as it goes (values,
// depth, string and number lengths) so that no input makes it allocate or
// work without bound. A key given twice in one object is reported (the
// first value is kept) and parsing goes on. [Write] writes a tree back as
// indented JSON in one canonical layout.
//
// Errors are [*Error] values with a [Kind] and the JSON path of the value
// they are about; package spec turns them into its own sentinels.
package jsontext
