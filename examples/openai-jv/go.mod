// The openai-jv command: the library's main example, with a chart drawn by
// gonum.org/v1/plot. It is a module of its own so that a program importing
// the library pulls in no plotting modules; the repository's go.work puts
// it beside the library, so `go run ./examples/openai-jv` works from the
// root. The replace lets it build alone too (GOWORK=off).
module github.com/jvwaterfall/jvwaterfall/examples/openai-jv

go 1.26

require (
	github.com/jvwaterfall/jvwaterfall v0.0.0
	github.com/stretchr/testify v1.12.1
	gonum.org/v1/plot v0.17.0
)

require (
	codeberg.org/go-fonts/liberation v0.5.0 // indirect
	codeberg.org/go-latex/latex v0.2.0 // indirect
	codeberg.org/go-pdf/fpdf v0.11.1 // indirect
	git.sr.ht/~sbinet/gg v0.7.0 // indirect
	github.com/ajstarks/svgo v0.0.0-20211024235047-1546f124cd8b // indirect
	github.com/golang/freetype v0.0.0-20170609003504-e2365dfdc4a0 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/image v0.30.0 // indirect
	golang.org/x/text v0.28.0 // indirect
)

replace github.com/jvwaterfall/jvwaterfall => ../..
