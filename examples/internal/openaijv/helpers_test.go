package openaijv

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func inputs(t testing.TB) Inputs {
	in, err := decodeInputs(defaultInputs)
	require.NoError(t, err)
	return in
}
