// Package spec reads and writes deals and funds as JSON documents: the
// deal spec, documented field by field in docs/spec.md.
//
// [DecodeDeal] reads a [waterfall.Deal] and [EncodeDeal] writes one;
// [DecodeFund] and [EncodeFund] do the same for a [fund.Fund] (a document
// with "investments" and "american"); [Decode] reads either into a
// [Document] and [Encode] writes one, for tools that take any document.
// The Unmarshal and Marshal functions do the same on byte slices.
//
// Decoding is strict: an unknown field, a key given twice, a number where
// a decimal string is required, an unknown kind, party or currency is an
// error, and the document as a whole must be valid (as [waterfall.Run] and
// [fund.Run] require). Encoding writes one canonical form: the same deal
// always gives the same bytes, and decoding them gives an equal deal.
//
// # Kinds
//
// A tranche or a source in a document names its kind ("kind": "split").
// The kinds of packages tranche and source are built in; one table
// holds them and the kinds a program adds with [RegisterTranche] and
// [RegisterSource], each a name, a Decode function that reads the fields
// from an [*Object] and an Encode function that writes them to
// [*Fields]. So a tranche type of your own, once registered, decodes,
// runs and encodes like a built-in one; until it is, [EncodeDeal] refuses
// it with an error that says so.
//
// # Errors
//
// Decoding returns every problem it finds, up to [MaxSpecErrors], joined
// with [errors.Join]. Each is a [*contract.FieldError] whose Path is the
// JSON path of the value, such as "stack.tranches[2].rate.annual" ("" for
// the whole document), and each matches [contract.ErrInvalid]; match the
// cause with [errors.Is]: the errors of this package ([ErrSyntax],
// [ErrType], [ErrUnknownField], [ErrLimit], …) or those of the terms
// ([contract.ErrNegative], [tranche.ErrUnknownParty], …). Encoding
// returns an error, and writes nothing, for a nil or invalid deal or fund,
// a nil or typed-nil tranche or source, or a value no kind claims. Bad
// input is always an error, never a panic.
//
// # Warnings
//
// [Lint] finds likely mistakes in a spec that is valid — a rate of "8"
// where 8% was meant, calls above the commitments, hurdles out of order,
// tranches after a split, a party who is never paid — and returns them as
// [Warning]s with the same paths. Warnings never stop a run; the
// jvwaterfall command prints them in validate and run.
//
// # Limits
//
// The decoder checks documented limits before the work they bound, so
// that no input, however hostile, makes it allocate or compute without
// bound: [MaxSpecBytes] of input, [MaxSpecValues] JSON values nested at
// most [MaxSpecDepth] deep, strings of [MaxStringBytes], decimals of
// [MaxDecimalBytes] with exponents within [MaxDecimalExponent], stacks of
// [MaxTranches] tranches nested [MaxStackDepth] deep, [MaxParties],
// [MaxFlows] and [MaxSpecPeriods] entries, deals nested [MaxDealDepth]
// deep, and [MaxContractPeriods] of contract work. Once a document is
// decoded, and before anything runs, the work its deal implies is added
// up — ledger lines, plus [ContractWeight] × contract periods, plus
// [CapTableWeight] × cap-table series × exits, plus [HurdleWeight] ×
// hurdle investors × periods, plus the parties split by the searches of
// hurdle tiers over [HurdleScanParties], over the deal and every deal
// nested in it —
// and a deal above [MaxWork] is refused. What is
// beyond a limit is an error matching [ErrLimit] (and
// [contract.ErrRange]); docs/spec.md says what each limit counts.
//
// # Concurrency
//
// Every function of the package may be called from many goroutines at
// once. Registering a kind is safe at any time: a decoder or an encoder
// uses the kinds registered when it starts, so register kinds at start-up,
// before the documents that use them. A decoded deal or fund shares
// nothing with others and may be run concurrently.
package spec
