package dev.serverlesscd.functions.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** An environment's {@code bake:} (docs/configuration.md, "Bake"): its period, alarms and probe. */
final class BakeReader {
    private static final Set<String> BAKE_KEYS = Set.of("duration", "interval", "alarms", "probe");
    private static final Set<String> PROBE_KEYS = Set.of("path", "url", "requests", "maxErrorRate", "maxLatencyMs",
            "latencyPercentile");
    private static final Pattern BAKE_DURATION = Pattern.compile("(\\d{1,6})(s|m|h)");
    private static final Pattern ALARM_NAME = Pattern.compile("[^\\p{Cntrl}]{1,255}");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%?");
    /** At most this many checks in a period, and probe answers kept in the state machine's state (its 256 KB). */
    static final int MAX_BAKE_CHECKS = 720;
    static final int MAX_BAKE_SAMPLES = 5000;
    /** DescribeAlarms takes at most 100 names. */
    static final int MAX_BAKE_ALARMS = 100;

    private final YamlFields yaml;

    BakeReader(YamlFields yaml) {
        this.yaml = yaml;
    }

    /** A bake period: durations like 30s, 10m, 1h; at least one signal; the checks and samples bounded. */
    BakeConfig bake(Node node, String path) {
        Map<String, Node> f = yaml.mapping(node, path, BAKE_KEYS);
        if (f == null) {
            return null;
        }
        Integer duration = seconds(f, "duration", path, null);
        if (duration == null && !f.containsKey("duration")) {
            yaml.problem(path + ".duration", node, "required, for example 10m");
        }
        Integer interval = seconds(f, "interval", path, 30);
        List<String> alarms = yaml.stringsOr(f, "alarms", path);
        Set<String> seen = new HashSet<>();
        for (String alarm : alarms) {
            yaml.matching(alarm, ALARM_NAME, path + ".alarms", f.get("alarms"),
                    "is not a CloudWatch alarm name (1 to 255 characters, no control characters)");
            yaml.once(seen, alarm, path + ".alarms", f.get("alarms"));
        }
        if (alarms.size() > MAX_BAKE_ALARMS) {
            yaml.problem(path + ".alarms", f.get("alarms"), alarms.size() + " alarms; at most " + MAX_BAKE_ALARMS);
        }
        BakeConfig.Probe probe = f.containsKey("probe") ? probe(f.get("probe"), path + ".probe") : null;
        if (alarms.isEmpty() && !f.containsKey("probe")) {
            yaml.problem(path, node, "a bake needs a signal to watch: alarms, a probe or both");
        }
        if (duration == null || interval == null) {
            return null;
        }
        if (interval > duration) {
            yaml.problem(path + ".interval", f.getOrDefault("interval", node), interval
                    + "s is longer than the duration (" + duration + "s)");
            return null;
        }
        BakeConfig bake = new BakeConfig(duration, interval, alarms, probe);
        if (bake.checks() > MAX_BAKE_CHECKS) {
            yaml.problem(path + ".interval", f.getOrDefault("interval", node), bake.checks()
                    + " checks in the period; at most " + MAX_BAKE_CHECKS + " (a longer interval or a shorter duration)");
        } else if (probe != null && (long) bake.checks() * probe.requests() > MAX_BAKE_SAMPLES) {
            yaml.problem(path + ".probe.requests", f.get("probe"), bake.checks() + " checks x "
                    + probe.requests() + " requests is more than the " + MAX_BAKE_SAMPLES
                    + " answers a bake keeps; fewer requests or a longer interval");
        }
        return bake;
    }

    private BakeConfig.Probe probe(Node node, String path) {
        Map<String, Node> f = yaml.mapping(node, path, PROBE_KEYS);
        if (f == null) {
            return null;
        }
        String probePath = yaml.stringOr(f, "path", path, null);
        String urlText = yaml.stringOr(f, "url", path, null);
        URI url = null;
        if ((probePath == null) == (urlText == null)) {
            yaml.problem(path, node, "give exactly one of path (on the environment's base URL) and url");
        }
        if (probePath != null && !probePath.startsWith("/")) {
            yaml.problem(path + ".path", f.get("path"), "'" + probePath + "' must start with /");
        }
        if (urlText != null) {
            try {
                url = new URI(urlText);
                if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                    yaml.problem(path + ".url", f.get("url"), "'" + urlText
                            + "' is not an http or https URL with a host");
                }
            } catch (URISyntaxException e) {
                yaml.problem(path + ".url", f.get("url"), "'" + urlText + "' is not a URL: " + e.getReason());
            }
        }
        int requests = yaml.intOr(f, "requests", path, 10, 1, 100);
        double maxErrorRate = 5;
        String rateText = yaml.stringOr(f, "maxErrorRate", path, null);
        if (rateText != null) {
            Matcher m = PERCENT.matcher(rateText.strip());
            if (!m.matches() || Double.parseDouble(m.group(1)) > 100) {
                yaml.problem(path + ".maxErrorRate", f.get("maxErrorRate"), "'" + rateText
                        + "' is not a percentage from 0% to 100%, for example 5%");
            } else {
                maxErrorRate = Double.parseDouble(m.group(1));
            }
        }
        Integer maxLatencyMs = f.containsKey("maxLatencyMs") ? yaml.intOr(f, "maxLatencyMs", path, 0, 1, 600_000) : null;
        int percentile = yaml.intOr(f, "latencyPercentile", path, 90, 0, 100);
        if (percentile != 90 && percentile != 99) {
            yaml.problem(path + ".latencyPercentile", f.get("latencyPercentile"), percentile + " is not 90 or 99");
        }
        if (f.containsKey("latencyPercentile") && maxLatencyMs == null) {
            yaml.problem(path + ".latencyPercentile", f.get("latencyPercentile"),
                    "set maxLatencyMs too: the percentile is compared with it");
        }
        return new BakeConfig.Probe(probePath, url, requests, maxErrorRate, maxLatencyMs, percentile);
    }

    /** A duration like 30s, 10m or 1h, in seconds; {@code fallback} when absent; null (and a problem) when wrong. */
    private Integer seconds(Map<String, Node> fields, String key, String path, Integer fallback) {
        String text = yaml.stringOr(fields, key, path, null);
        if (text == null) {
            return fields.containsKey(key) ? null : fallback;
        }
        Matcher m = BAKE_DURATION.matcher(text.strip());
        long seconds = m.matches() ? Long.parseLong(m.group(1)) * switch (m.group(2)) {
            case "h" -> 3600;
            case "m" -> 60;
            default -> 1;
        } : -1;
        if (seconds < 1 || seconds > 24 * 3600) {
            yaml.problem(path + "." + key, fields.get(key), "'" + text
                    + "' is not a duration from 1s to 24h, for example 30s, 10m or 1h");
            return null;
        }
        return (int) seconds;
    }
}
