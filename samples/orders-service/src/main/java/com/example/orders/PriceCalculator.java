package com.example.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Prices an order: the lines' subtotal, a bulk discount of 5% on any line of ten units or more, then the coupon's
 * percentage off what remains, then tax on the discounted amount. Amounts are rounded half-up to cents once each.
 */
public final class PriceCalculator {
    static final int BULK_QUANTITY = 10;
    private static final BigDecimal BULK_RATE = new BigDecimal("0.05");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final BigDecimal taxRate;
    private final Map<String, Integer> couponPercentOff;

    public PriceCalculator(BigDecimal taxRate, Map<String, Integer> couponPercentOff) {
        if (taxRate.signum() < 0 || taxRate.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("tax rate must be between 0 and 1, was " + taxRate);
        }
        this.taxRate = taxRate;
        this.couponPercentOff = Map.copyOf(couponPercentOff);
    }

    /** The default shop: 20% tax, coupons SAVE10 and SAVE25. */
    public static PriceCalculator standard() {
        return new PriceCalculator(new BigDecimal("0.20"), Map.of("SAVE10", 10, "SAVE25", 25));
    }

    /** Prices the lines; {@code coupon} may be null or blank for none. */
    public Quote quote(List<OrderLine> lines, String coupon) {
        if (lines == null || lines.isEmpty()) {
            throw new InvalidOrderException("an order needs at least one line");
        }
        BigDecimal subtotal = BigDecimal.ZERO;
        BigDecimal bulk = BigDecimal.ZERO;
        int items = 0;
        for (OrderLine line : lines) {
            subtotal = subtotal.add(line.amount());
            items += line.quantity();
            if (line.quantity() >= BULK_QUANTITY) {
                bulk = bulk.add(line.amount().multiply(BULK_RATE));
            }
        }
        BigDecimal couponOff = subtotal.subtract(bulk).multiply(couponRate(coupon));
        BigDecimal discount = cents(bulk.add(couponOff));
        BigDecimal taxable = cents(subtotal).subtract(discount);
        BigDecimal tax = cents(taxable.multiply(taxRate));
        return new Quote(items, cents(subtotal), discount, tax, taxable.add(tax));
    }

    private BigDecimal couponRate(String coupon) {
        if (coupon == null || coupon.isBlank()) {
            return BigDecimal.ZERO;
        }
        Integer percent = couponPercentOff.get(coupon.trim().toUpperCase(java.util.Locale.ROOT));
        if (percent == null) {
            throw new InvalidOrderException("unknown coupon '" + coupon + "'");
        }
        return BigDecimal.valueOf(percent).divide(HUNDRED);
    }

    static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }
}
