package contract_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/stretchr/testify/require"
)

// TestEnergy_BillLimits checks the limits of the terms and of the scale
// exactly at the limit and one unit beyond it.
func TestEnergy_BillLimits(t *testing.T) {
	// One day: 24 hours.
	ps, err := contract.Explicit(contract.Date(2025, 3, 31), contract.Date(2025, 4, 1))
	require.NoError(t, err)
	t.Run("zero load and price", func(t *testing.T) {
		e := contract.Energy{Load: contract.Const(dec("0")), Price: contract.Const(dec("0"))}
		require.NoError(t, e.Validate())
		bill, err := e.Bill(ps, 2)
		require.NoError(t, err)
		require.True(t, bill[0].Cost.IsZero())
	})
	t.Run("scale 0 rounds half away from zero", func(t *testing.T) {
		// 0.4375 MW × 24 h = 10.5 MWh × 1 = 10.5 → 11; half passed
		// through: 5.5 → 6; net 11 − 6 = 5.
		e := contract.Energy{Load: contract.Const(dec("0.4375")), Price: contract.Const(dec("1")), PassThrough: dec("0.5")}
		bill, err := e.Bill(ps, 0)
		require.NoError(t, err)
		b := bill[0]
		require.Equal(t, []string{"10.5", "11", "6", "5"}, []string{b.MWh.String(), b.Cost.String(), b.PassThrough.String(), b.Net.String()})
	})
	t.Run("scale 8", func(t *testing.T) {
		// 10.5 MWh × 0.123456789 = 1.2962962845 → 1.29629628 (8 places).
		e := contract.Energy{Load: contract.Const(dec("0.4375")), Price: contract.Const(dec("0.123456789"))}
		bill, err := e.Bill(ps, 8)
		require.NoError(t, err)
		require.Equal(t, "1.29629628", bill[0].Cost.String())
	})
	for _, scale := range []int32{-1, 9} {
		e := contract.Energy{Load: contract.Const(dec("1")), Price: contract.Const(dec("1"))}
		_, err := e.Bill(ps, scale)
		requireFields(t, err, map[string]error{"scale": contract.ErrRange})
	}
	t.Run("pass-through at 0 and 1 and just outside", func(t *testing.T) {
		for _, s := range []string{"0", "1"} {
			require.NoError(t, contract.Energy{Load: contract.Const(dec("1")), Price: contract.Const(dec("1")), PassThrough: dec(s)}.Validate())
		}
		for _, s := range []string{"-0.0001", "1.0001"} {
			err := contract.Energy{Load: contract.Const(dec("1")), Price: contract.Const(dec("1")), PassThrough: dec(s)}.Validate()
			requireFields(t, err, map[string]error{"pass_through": contract.ErrRange})
		}
	})
}
