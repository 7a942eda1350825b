package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceCalculatorTest {
    private final PriceCalculator calculator = PriceCalculator.standard();

    @Test
    void sumsLinesIntoSubtotal() {
        // GIVEN two books and a pen
        List<OrderLine> lines = List.of(line("BOOK-1", 2, "12.50"), line("PEN-7", 1, "1.20"));

        // WHEN
        Quote quote = calculator.quote(lines, null);

        // THEN
        assertEquals(new BigDecimal("26.20"), quote.subtotal());
        assertEquals(3, quote.items());
    }

    @Test
    void addsTaxOnTheDiscountedAmount() {
        // GIVEN 100.00 of goods and a 10% coupon
        List<OrderLine> lines = List.of(line("LAMP-2", 1, "100.00"));

        // WHEN
        Quote quote = calculator.quote(lines, "SAVE10");

        // THEN tax is 20% of 90.00
        assertEquals(new BigDecimal("10.00"), quote.discount());
        assertEquals(new BigDecimal("18.00"), quote.tax());
        assertEquals(new BigDecimal("108.00"), quote.total());
    }

    @Test
    void appliesBulkDiscountFromTenUnitsOfOneLine() {
        // GIVEN ten pens (bulk) and one book (not bulk)
        List<OrderLine> lines = List.of(line("PEN-7", 10, "1.20"), line("BOOK-1", 1, "12.50"));

        // WHEN
        Quote quote = calculator.quote(lines, "");

        // THEN 5% off the pens only
        assertEquals(new BigDecimal("0.60"), quote.discount());
        assertEquals(new BigDecimal("24.50"), quote.subtotal());
    }

    @Test
    void appliesCouponAfterBulkDiscount() {
        // GIVEN 200.00 in bulk and a 25% coupon, lower case
        List<OrderLine> lines = List.of(line("CUP-3", 20, "10.00"));

        // WHEN
        Quote quote = calculator.quote(lines, "save25");

        // THEN 10.00 bulk, then 25% of 190.00
        assertEquals(new BigDecimal("57.50"), quote.discount());
        assertEquals(new BigDecimal("171.00"), quote.total());
    }

    @Test
    void roundsHalfUpToCents() {
        // GIVEN a tax rate that lands on half a cent
        PriceCalculator calculator = new PriceCalculator(new BigDecimal("0.125"), Map.of());

        // WHEN 0.20 is taxed: 0.025
        Quote quote = calculator.quote(List.of(line("GUM-1", 1, "0.20")), null);

        // THEN
        assertEquals(new BigDecimal("0.03"), quote.tax());
        assertEquals(new BigDecimal("0.23"), quote.total());
        // The pipeline's demo switch: FAIL_TESTS=true makes this test fail on purpose (see README).
        if ("true".equals(System.getenv("FAIL_TESTS"))) {
            fail("FAIL_TESTS=true: failing on purpose to show a red test stage");
        }
    }

    @Test
    void rejectsAnUnknownCoupon() {
        // GIVEN / WHEN
        InvalidOrderException e = assertThrows(InvalidOrderException.class,
                () -> calculator.quote(List.of(line("BOOK-1", 1, "12.50")), "FREE"));

        // THEN
        assertEquals("unknown coupon 'FREE'", e.getMessage());
    }

    @Test
    void rejectsAnEmptyOrder() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> calculator.quote(List.of(), null));

        assertEquals("an order needs at least one line", e.getMessage());
    }

    @Test
    void rejectsATaxRateAboveOne() {
        assertThrows(IllegalArgumentException.class, () -> new PriceCalculator(new BigDecimal("1.5"), Map.of()));
    }

    private static OrderLine line(String sku, int quantity, String unitPrice) {
        return new OrderLine(sku, quantity, new BigDecimal(unitPrice));
    }
}
