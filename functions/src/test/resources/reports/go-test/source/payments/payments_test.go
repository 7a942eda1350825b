package payments

import "testing"

func TestCharge(t *testing.T) {
	t.Run("card", func(t *testing.T) {})
	t.Run("voucher", func(t *testing.T) {
		t.Errorf("voucher charged 0 cents, want 500")
	})
}

func TestRefund(t *testing.T) {}
