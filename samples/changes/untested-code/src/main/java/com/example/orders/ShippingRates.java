package com.example.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shipping for an order: a zone by destination country, a rate by weight bracket within the zone, a surcharge for
 * bulky items and free shipping above a threshold. Added without tests (the demo's coverage scenario).
 */
public final class ShippingRates {
    /** Where a parcel goes, cheapest first. */
    public enum Zone { DOMESTIC, EUROPE, WORLD }

    /** What shipping costs and why. */
    public record Shipping(Zone zone, int grams, BigDecimal rate, BigDecimal surcharge, BigDecimal total, String note) {
    }

    private static final Map<String, Zone> COUNTRIES = Map.ofEntries(
            Map.entry("DE", Zone.DOMESTIC),
            Map.entry("AT", Zone.EUROPE), Map.entry("BE", Zone.EUROPE), Map.entry("DK", Zone.EUROPE),
            Map.entry("ES", Zone.EUROPE), Map.entry("FR", Zone.EUROPE), Map.entry("IT", Zone.EUROPE),
            Map.entry("NL", Zone.EUROPE), Map.entry("PL", Zone.EUROPE), Map.entry("SE", Zone.EUROPE));
    private static final int[] BRACKETS_GRAMS = {500, 2000, 5000, 10000, 31500};
    private static final Map<Zone, List<BigDecimal>> RATES = Map.of(
            Zone.DOMESTIC, amounts("3.99", "4.99", "6.99", "9.49", "16.49"),
            Zone.EUROPE, amounts("8.99", "13.99", "18.99", "24.99", "39.99"),
            Zone.WORLD, amounts("14.99", "24.99", "39.99", "59.99", "89.99"));
    private static final BigDecimal BULKY_SURCHARGE = new BigDecimal("4.50");
    private static final int BULKY_CENTIMETRES = 120;
    private static final BigDecimal FREE_ABOVE = new BigDecimal("50.00");

    private final Map<String, Integer> gramsPerSku;

    public ShippingRates(Map<String, Integer> gramsPerSku) {
        for (Map.Entry<String, Integer> entry : gramsPerSku.entrySet()) {
            if (entry.getValue() == null || entry.getValue() <= 0) {
                throw new InvalidOrderException("weight of " + entry.getKey() + " must be positive grams");
            }
        }
        this.gramsPerSku = Map.copyOf(gramsPerSku);
    }

    /** The zone of an ISO 3166 alpha-2 country code. */
    public static Zone zoneOf(String country) {
        if (country == null || !country.trim().matches("[A-Za-z]{2}")) {
            throw new InvalidOrderException("country must be an ISO 3166 alpha-2 code, was '" + country + "'");
        }
        return COUNTRIES.getOrDefault(country.trim().toUpperCase(Locale.ROOT), Zone.WORLD);
    }

    /** Shipping for the lines to {@code country}; {@code longestSideCm} is the parcel's longest side. */
    public Shipping quote(List<OrderLine> lines, Quote quote, String country, int longestSideCm) {
        Zone zone = zoneOf(country);
        int grams = weight(lines);
        BigDecimal rate = rate(zone, grams);
        BigDecimal surcharge = longestSideCm > BULKY_CENTIMETRES ? BULKY_SURCHARGE : BigDecimal.ZERO;
        if (zone == Zone.DOMESTIC && quote.total().compareTo(FREE_ABOVE) >= 0) {
            return new Shipping(zone, grams, BigDecimal.ZERO.setScale(2), surcharge, surcharge.setScale(2),
                    "free shipping above " + FREE_ABOVE + (surcharge.signum() > 0 ? ", bulky surcharge only" : ""));
        }
        BigDecimal total = rate.add(surcharge).setScale(2, RoundingMode.HALF_UP);
        String note = surcharge.signum() > 0 ? "bulky parcel (longest side " + longestSideCm + " cm)" : "standard parcel";
        return new Shipping(zone, grams, rate, surcharge, total, note);
    }

    private int weight(List<OrderLine> lines) {
        int grams = 0;
        for (OrderLine line : lines) {
            Integer each = gramsPerSku.get(line.sku());
            if (each == null) {
                throw new InvalidOrderException("no weight known for " + line.sku());
            }
            grams += each * line.quantity();
        }
        return grams;
    }

    private static BigDecimal rate(Zone zone, int grams) {
        List<BigDecimal> rates = RATES.get(zone);
        for (int i = 0; i < BRACKETS_GRAMS.length; i++) {
            if (grams <= BRACKETS_GRAMS[i]) {
                return rates.get(i);
            }
        }
        throw new InvalidOrderException("a parcel of " + grams + " g is over the " + BRACKETS_GRAMS[BRACKETS_GRAMS.length - 1]
                + " g limit: split the order");
    }

    private static List<BigDecimal> amounts(String... values) {
        return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
    }
}
