// A benchmark of XIRR against excelize, a spreadsheet engine: a module of
// its own so the library's graph holds no spreadsheet modules. It is not in
// the repository's go.work, whose build list would then lift the example's
// golang.org/x/text and x/image to excelize's versions; run it alone:
// cd bench/excelize && GOWORK=off go test -bench . (.ci/run does).
module github.com/jvwaterfall/jvwaterfall/bench/excelize

go 1.26.8

require (
	github.com/jvwaterfall/jvwaterfall v0.0.0
	github.com/shopspring/decimal v1.6.0
	github.com/xuri/excelize/v2 v2.11.1
)

require (
	github.com/richardlehane/mscfb v1.0.9 // indirect
	github.com/richardlehane/msoleps v1.0.6 // indirect
	github.com/tiendc/go-deepcopy v1.7.2 // indirect
	github.com/xuri/efp v0.0.3-0.20260924042702-217b81952dec // indirect
	github.com/xuri/nfp v0.0.2-0.20250530014748-2ddeb826f9a9 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)

replace github.com/jvwaterfall/jvwaterfall => ../..
