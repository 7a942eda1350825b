package dev.serverlesscd.functions.gate;

import java.util.Map;

/**
 * What a tier asks of a change.
 *
 * @param tier                   full, standard or basic
 * @param minLineCoverage        the minimum line coverage in percent, or null when the tier asks none
 * @param scanErrorsFail         whether a scan finding of level error fails the gate (otherwise it is a warning)
 */
public record TierThresholds(String tier, Double minLineCoverage, boolean scanErrorsFail) {

    public static final TierThresholds FULL = new TierThresholds("full", 85.0, true);
    public static final TierThresholds STANDARD = new TierThresholds("standard", 80.0, false);
    public static final TierThresholds BASIC = new TierThresholds("basic", null, false);

    /** The defaults: full 85% and scan errors fail; standard 80%; basic no coverage minimum. */
    public static final Map<String, TierThresholds> DEFAULTS = Map.of(
            FULL.tier(), FULL, STANDARD.tier(), STANDARD, BASIC.tier(), BASIC);

    public TierThresholds {
        if (tier == null || tier.isBlank()) {
            throw new IllegalArgumentException("Tier name is not specified");
        }
        if (minLineCoverage != null && (minLineCoverage < 0 || minLineCoverage > 100)) {
            throw new IllegalArgumentException("Minimum line coverage of tier " + tier + " must be 0..100, was " + minLineCoverage);
        }
    }
}
