package com.example.orders;

import java.math.BigDecimal;

/** The price of an order, every amount rounded half-up to cents. */
public record Quote(int items, BigDecimal subtotal, BigDecimal discount, BigDecimal tax, BigDecimal total) {

    /** The quote as JSON, amounts as strings so no client loses a cent to floating point. */
    public String toJson() {
        return "{\"items\":" + items
                + ",\"subtotal\":\"" + subtotal.toPlainString()
                + "\",\"discount\":\"" + discount.toPlainString()
                + "\",\"tax\":\"" + tax.toPlainString()
                + "\",\"total\":\"" + total.toPlainString() + "\"}";
    }
}
