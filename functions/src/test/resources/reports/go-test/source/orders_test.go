package orders

import "testing"

func TestTotal(t *testing.T) {
	got, err := Total([]int{100, 250})
	if err != nil || got != 350 {
		t.Fatalf("Total = %d, %v", got, err)
	}
}

func TestTotalCases(t *testing.T) {
	t.Run("one line", func(t *testing.T) {
		if got, _ := Total([]int{5}); got != 5 {
			t.Fatalf("got %d", got)
		}
	})
	t.Run("empty", func(t *testing.T) {
		if _, err := Total(nil); err == nil {
			t.Fatal("no error")
		}
	})
}

func TestRefunds(t *testing.T) {
	t.Skip("refunds are not built yet")
}

func BenchmarkFib10(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Fib(10)
	}
}

func BenchmarkTotal(b *testing.B) {
	prices := []int{1, 2, 3, 4, 5, 6, 7, 8}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Total(prices)
	}
}
