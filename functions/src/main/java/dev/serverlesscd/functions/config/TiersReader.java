package dev.serverlesscd.functions.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** {@code tiers:}: the built-in tiers, each changed or added one over them (docs/configuration.md, "Tiers"). */
final class TiersReader {
    private static final Set<String> TIER_KEYS = Set.of("maxFailedTests", "minCoverage", "maxCoverageDrop",
            "failOnSeverity", "warnOnSeverity", "performanceWarnPercent", "performanceFailPercent",
            "imageGrowthWarnMb", "imageGrowthFailMb");

    private final YamlFields yaml;

    TiersReader(YamlFields yaml) {
        this.yaml = yaml;
    }

    /** The tiers by name: the built-in ones in name order, then the file's new ones; a field left out keeps its base. */
    Map<String, Tier> tiers(Node node) {
        Map<String, Tier> tiers = new LinkedHashMap<>();
        DefaultBranchModel.TIERS.keySet().stream().sorted()
                .forEach(name -> tiers.put(name, DefaultBranchModel.TIERS.get(name)));
        if (node == null) {
            return tiers;
        }
        Map<String, Node> entries = yaml.mapping(node, "tiers", null);
        if (entries == null) {
            return tiers;
        }
        entries.forEach((name, tierNode) -> {
            String path = "tiers." + name;
            Tier base = DefaultBranchModel.TIERS.getOrDefault(name, DefaultBranchModel.TIERS.get(Tier.STANDARD));
            Map<String, Node> f = yaml.mapping(tierNode, path, TIER_KEYS);
            if (f == null) {
                return;
            }
            int maxFailedTests = yaml.intOr(f, "maxFailedTests", path, base.maxFailedTests(), 0, Integer.MAX_VALUE);
            double minCoverage = yaml.numberOr(f, "minCoverage", path, base.minCoverage(), 0, 100);
            double maxDrop = yaml.numberOr(f, "maxCoverageDrop", path, base.maxCoverageDrop(), 0, 100);
            Severity failOn = severityOr(f, "failOnSeverity", path, base.failOnSeverity());
            Severity warnOn = severityOr(f, "warnOnSeverity", path, base.warnOnSeverity());
            if (failOn != Severity.NONE && warnOn.compareTo(failOn) > 0) {
                yaml.problem(path + ".warnOnSeverity", f.getOrDefault("warnOnSeverity", tierNode), warnOn
                        + " is above failOnSeverity " + failOn + "; lower it to " + failOn
                        + " or below, or set NONE to never warn");
            }
            double perfWarn = yaml.numberOr(f, "performanceWarnPercent", path, base.performanceWarnPercent(), 0, 1000);
            double perfFail = yaml.numberOr(f, "performanceFailPercent", path, base.performanceFailPercent(), 0, 1000);
            bandBelow(f, tierNode, path, "performanceWarnPercent", perfWarn, "performanceFailPercent", perfFail);
            double growthWarn = yaml.numberOr(f, "imageGrowthWarnMb", path, base.imageGrowthWarnMb(), 0, 100_000);
            double growthFail = yaml.numberOr(f, "imageGrowthFailMb", path, base.imageGrowthFailMb(), 0, 100_000);
            bandBelow(f, tierNode, path, "imageGrowthWarnMb", growthWarn, "imageGrowthFailMb", growthFail);
            tiers.put(name, new Tier(name, maxFailedTests, minCoverage, maxDrop, failOn, warnOn,
                    perfWarn, perfFail, growthWarn, growthFail));
        });
        return tiers;
    }

    private Severity severityOr(Map<String, Node> fields, String key, String path, Severity fallback) {
        return yaml.oneOf(yaml.stringOr(fields, key, path, null), path + "." + key, fields.get(key), Severity::named,
                String.join(", ", Arrays.stream(Severity.values()).map(Severity::name).toList()), fallback);
    }

    /** A warn threshold above its fail threshold is a mistake: the warn band lies below the fail band. */
    private void bandBelow(Map<String, Node> fields, Node tierNode, String path, String warnKey, double warn,
            String failKey, double fail) {
        if (warn > fail) {
            yaml.problem(path + "." + warnKey, fields.getOrDefault(warnKey, fields.getOrDefault(failKey, tierNode)),
                    warn + " is above " + failKey + " " + fail + "; the warn band lies below the fail band");
        }
    }
}
