package dev.serverlesscd.local.build;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CodeBuild buildspec, version 0.2: what the local runner reads of it.
 *
 * <p>{@code env.shell}, {@code env.variables}, {@code env.exported-variables}; {@code phases.install|pre_build|
 * build|post_build} with {@code commands}, {@code on-failure} (ABORT or CONTINUE) and {@code finally};
 * {@code reports} (groups of {@code files} under a {@code base-directory}) and {@code artifacts}. Keys the local
 * runner cannot honour ({@code env.parameter-store}, {@code env.secrets-manager}, {@code batch}, a phase's
 * {@code runtime-versions}) are refused by name rather than ignored. {@code variables} keep the buildspec's order:
 * a value may name a variable declared before it ({@code $VAR}, expanded by the shell as CodeBuild does).
 */
public record Buildspec(
        String version,
        String shell,
        Map<String, String> variables,
        List<String> exportedVariables,
        Map<PhaseType, Phase> phases,
        Map<String, FileSet> reports,
        FileSet artifacts) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_LEVEL = Set.of("version", "run-as", "env", "proxy", "phases", "reports", "artifacts", "cache");
    private static final Set<String> UNSUPPORTED_ENV = Set.of("parameter-store", "secrets-manager", "git-credential-helper");

    /** One phase's commands: {@code onFailure} CONTINUE goes on to the next phase after a failure. */
    public record Phase(List<String> commands, OnFailure onFailure, List<String> finallyCommands) {
    }

    public enum OnFailure { ABORT, CONTINUE }

    /** A report group or the artifacts: glob patterns relative to {@code baseDirectory} ("" for the source root). */
    public record FileSet(String baseDirectory, List<String> files, String fileFormat) {
    }

    public static Buildspec load(Path file) {
        try {
            return parse(Files.readString(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new BuildspecException("buildspec " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    public static Buildspec parse(String yaml, String name) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new BuildspecException(name + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BuildspecException(name + ": a buildspec is a YAML mapping");
        }
        if (root.has("batch")) {
            throw new BuildspecException(name + ": batch builds are not supported by the local runner");
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!TOP_LEVEL.contains(key)) {
                throw new BuildspecException(name + ": unknown key '" + key + "' (expected one of version, env, phases, reports, artifacts)");
            }
        }
        String version = root.path("version").asText("");
        if (!version.equals("0.2")) {
            throw new BuildspecException(name + ": version must be 0.2, was '" + version + "'");
        }
        JsonNode env = root.path("env");
        for (String unsupported : UNSUPPORTED_ENV) {
            if (env.has(unsupported)) {
                throw new BuildspecException(name + ": env." + unsupported + " is not supported by the local runner; "
                        + "pass the value as an environment variable instead");
            }
        }
        String shell = switch (env.path("shell").asText("sh")) {
            case "sh", "" -> "/bin/sh";
            case "bash" -> "/bin/bash";
            default -> throw new BuildspecException(name + ": env.shell must be sh or bash locally, was '" + env.path("shell").asText() + "'");
        };
        Map<String, String> variables = new LinkedHashMap<>();
        JsonNode vars = env.path("variables");
        if (!vars.isMissingNode() && !vars.isNull()) {
            if (!vars.isObject()) {
                throw new BuildspecException(name + ": env.variables must be a mapping");
            }
            vars.fields().forEachRemaining(e -> variables.put(requireName(name, "env.variables", e.getKey()), scalar(name, "env.variables." + e.getKey(), e.getValue())));
        }
        List<String> exported = new ArrayList<>();
        for (String variable : strings(name, "env.exported-variables", env.path("exported-variables"))) {
            exported.add(requireName(name, "env.exported-variables", variable));
        }
        JsonNode phasesNode = root.path("phases");
        if (!phasesNode.isObject() || phasesNode.isEmpty()) {
            throw new BuildspecException(name + ": phases is required, with at least one of install, pre_build, build, post_build");
        }
        Map<PhaseType, Phase> phases = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = phasesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            PhaseType type = PhaseType.ofBuildspecKey(entry.getKey())
                    .orElseThrow(() -> new BuildspecException(name + ": unknown phase '" + entry.getKey()
                            + "' (expected install, pre_build, build, post_build)"));
            phases.put(type, phase(name, "phases." + entry.getKey(), entry.getValue()));
        }
        Map<String, FileSet> reports = new LinkedHashMap<>();
        JsonNode reportsNode = root.path("reports");
        if (reportsNode.isObject()) {
            reportsNode.fields().forEachRemaining(e -> reports.put(e.getKey(), fileSet(name, "reports." + e.getKey(), e.getValue())));
        } else if (!reportsNode.isMissingNode() && !reportsNode.isNull()) {
            throw new BuildspecException(name + ": reports must be a mapping of report group names");
        }
        FileSet artifacts = root.has("artifacts") ? fileSet(name, "artifacts", root.get("artifacts")) : null;
        return new Buildspec(version, shell, java.util.Collections.unmodifiableMap(variables), List.copyOf(exported), Map.copyOf(phases),
                Map.copyOf(reports), artifacts);
    }

    private static Phase phase(String name, String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return new Phase(List.of(), OnFailure.ABORT, List.of());
        }
        if (!node.isObject()) {
            throw new BuildspecException(name + ": " + where + " must be a mapping with commands");
        }
        if (node.has("runtime-versions")) {
            throw new BuildspecException(name + ": " + where + ".runtime-versions is not supported by the local runner; "
                    + "the host's tools are used");
        }
        String onFailureText = node.path("on-failure").asText("ABORT");
        OnFailure onFailure = switch (onFailureText) {
            case "ABORT" -> OnFailure.ABORT;
            case "CONTINUE" -> OnFailure.CONTINUE;
            default -> throw new BuildspecException(name + ": " + where + ".on-failure must be ABORT or CONTINUE, was '" + onFailureText + "'");
        };
        return new Phase(strings(name, where + ".commands", node.path("commands")), onFailure,
                strings(name, where + ".finally", node.path("finally")));
    }

    private static FileSet fileSet(String name, String where, JsonNode node) {
        if (!node.isObject()) {
            throw new BuildspecException(name + ": " + where + " must be a mapping with files");
        }
        List<String> files = strings(name, where + ".files", node.path("files"));
        if (files.isEmpty()) {
            throw new BuildspecException(name + ": " + where + ".files is required");
        }
        return new FileSet(node.path("base-directory").asText(""), files, node.path("file-format").asText(null));
    }

    private static List<String> strings(String name, String where, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new BuildspecException(name + ": " + where + " must be a list");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            values.add(scalar(name, where + "[" + i + "]", node.get(i)));
        }
        return List.copyOf(values);
    }

    private static String scalar(String name, String where, JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            throw new BuildspecException(name + ": " + where + " must be a string (quote a command that contains ': ')");
        }
        return node.asText();
    }

    private static String requireName(String name, String where, String variable) {
        if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new BuildspecException(name + ": " + where + " has '" + variable + "', not a shell variable name");
        }
        return variable;
    }
}
