// The jvwaterfall command. It is a module of its own so that the progress
// bar it draws (github.com/schollz/progressbar/v3) stays out of the
// library's module graph; the repository's go.work puts it beside the
// library, so `go run ./cmd/jvwaterfall` works from the root. The replace
// lets it build alone too (GOWORK=off).
module github.com/jvwaterfall/jvwaterfall/cmd/jvwaterfall

go 1.26.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/jvwaterfall/jvwaterfall v0.0.0
	github.com/schollz/progressbar/v3 v3.19.1
	github.com/shopspring/decimal v1.6.0
	github.com/stretchr/testify v1.12.1
	github.com/xuri/excelize/v2 v2.11.1
	golang.org/x/term v0.48.0
)

require (
	github.com/mitchellh/colorstring v0.0.0-20190213212951-d06e56a500db // indirect
	github.com/richardlehane/mscfb v1.0.9 // indirect
	github.com/richardlehane/msoleps v1.0.6 // indirect
	github.com/rivo/uniseg v0.4.7 // indirect
	github.com/tiendc/go-deepcopy v1.7.2 // indirect
	github.com/xuri/efp v0.0.3-0.20260924042702-217b81952dec // indirect
	github.com/xuri/nfp v0.0.2-0.20250530014748-2ddeb826f9a9 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)

replace github.com/jvwaterfall/jvwaterfall => ../..
