package com.example.orders;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** One line of an order: a stock-keeping unit, how many, and the price of one. */
public record OrderLine(String sku, int quantity, BigDecimal unitPrice) {
    private static final Pattern SKU = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,31}");
    static final int MAX_QUANTITY = 1000;

    public OrderLine {
        if (sku == null || !SKU.matcher(sku).matches()) {
            throw new InvalidOrderException("sku '" + sku + "' must be 1-32 of A-Z, 0-9 and '-'");
        }
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new InvalidOrderException("quantity of " + sku + " must be 1.." + MAX_QUANTITY + ", was " + quantity);
        }
        if (unitPrice == null || unitPrice.signum() < 0 || unitPrice.stripTrailingZeros().scale() > 2) {
            throw new InvalidOrderException("unit price of " + sku + " must be a non-negative amount in cents, was " + unitPrice);
        }
    }

    public BigDecimal amount() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
