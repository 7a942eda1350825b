package orders

import "errors"

// Total sums the line prices of an order, in cents.
func Total(prices []int) (int, error) {
	if len(prices) == 0 {
		return 0, errors.New("empty order")
	}
	sum := 0
	for _, p := range prices {
		sum += p
	}
	return sum, nil
}

// Fib is the n-th Fibonacci number, computed the slow way.
func Fib(n int) int {
	if n < 2 {
		return n
	}
	return Fib(n-1) + Fib(n-2)
}
