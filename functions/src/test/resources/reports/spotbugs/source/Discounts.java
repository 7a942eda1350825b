package com.example.orders;

import java.util.Map;

final class Discounts {
    private Discounts() {
    }

    static boolean isCoupon(String code, String expected) {
        return code == expected;
    }

    static int percent(Map<String, Integer> table, String code) {
        Integer value = table.get(code);
        if (value == null) {
            System.out.println("unknown coupon " + value.intValue());
        }
        return value;
    }
}
