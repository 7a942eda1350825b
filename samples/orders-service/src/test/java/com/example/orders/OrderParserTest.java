package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderParserTest {

    @Test
    void parsesItemsInOrder() {
        // WHEN
        List<OrderLine> lines = OrderParser.parse("BOOK-1:2:12.50, PEN-7:10:1.20");

        // THEN
        assertEquals(List.of(new OrderLine("BOOK-1", 2, new BigDecimal("12.50")),
                new OrderLine("PEN-7", 10, new BigDecimal("1.20"))), lines);
    }

    @Test
    void namesTheMalformedItem() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> OrderParser.parse("BOOK-1:2:12.50,PEN-7:x"));

        assertEquals("item 2 'PEN-7:x' must be sku:quantity:unitPrice", e.getMessage());
    }

    @Test
    void rejectsAQuantityOutOfRange() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> OrderParser.parse("BOOK-1:0:12.50"));

        assertEquals("quantity of BOOK-1 must be 1..1000, was 0", e.getMessage());
    }

    @Test
    void rejectsFractionsOfACent() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> OrderParser.parse("BOOK-1:1:12.505"));

        assertEquals("unit price of BOOK-1 must be a non-negative amount in cents, was 12.505", e.getMessage());
    }
}
