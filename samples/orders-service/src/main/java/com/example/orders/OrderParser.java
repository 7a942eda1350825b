package com.example.orders;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Reads an order from its compact form, {@code SKU:quantity:unitPrice} items separated by commas. */
public final class OrderParser {
    private OrderParser() {
    }

    public static List<OrderLine> parse(String items) {
        if (items == null || items.isBlank()) {
            throw new InvalidOrderException("items is required, e.g. items=BOOK-1:2:12.50,PEN-7:10:1.20");
        }
        String[] parts = items.split(",", -1);
        List<OrderLine> lines = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            lines.add(line(i + 1, parts[i].trim()));
        }
        return List.copyOf(lines);
    }

    private static OrderLine line(int position, String item) {
        String[] fields = item.split(":", -1);
        if (fields.length != 3) {
            throw new InvalidOrderException("item " + position + " '" + item + "' must be sku:quantity:unitPrice");
        }
        int quantity;
        BigDecimal unitPrice;
        try {
            quantity = Integer.parseInt(fields[1]);
            unitPrice = new BigDecimal(fields[2]);
        } catch (NumberFormatException e) {
            throw new InvalidOrderException("item " + position + " '" + item + "' has a quantity or price that is not a number");
        }
        return new OrderLine(fields[0], quantity, unitPrice);
    }
}
