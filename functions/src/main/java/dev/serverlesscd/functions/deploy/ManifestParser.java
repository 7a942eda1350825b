package dev.serverlesscd.functions.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads manifest files as {@code kubectl apply -f} does: every YAML document of every file is an object ({@code ---}
 * separates documents; empty documents are skipped; a {@code kind: List} contributes its items). A file that is not
 * YAML, or a document that is not a mapping, is refused with the file (and the document's number) named.
 */
final class ManifestParser {
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    private ManifestParser() {
    }

    static List<Manifest> parse(List<ManifestFile> files) {
        List<Manifest> manifests = new ArrayList<>();
        for (ManifestFile file : files) {
            manifests.addAll(parse(file));
        }
        return manifests;
    }

    static List<Manifest> parse(ManifestFile file) {
        List<Manifest> manifests = new ArrayList<>();
        int document = 0;
        try (JsonParser parser = YAML.getFactory().createParser(file.text());
             MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
            while (documents.hasNextValue()) {
                JsonNode node = documents.nextValue();
                document++;
                if (node == null || node.isNull() || node.isMissingNode() || (node.isObject() && node.isEmpty())) {
                    continue;
                }
                if (!node.isObject()) {
                    throw new ManifestRefusedException(file.path() + ": document " + document
                            + " is not a Kubernetes object (a mapping with apiVersion, kind and metadata)");
                }
                if ("List".equals(node.path("kind").asText()) && node.path("items").isArray()) {
                    for (JsonNode item : node.path("items")) {
                        if (!item.isObject()) {
                            throw new ManifestRefusedException(file.path() + ": document " + document
                                    + " is a List with an item that is not a Kubernetes object");
                        }
                        manifests.add(new Manifest(file.path(), (ObjectNode) item));
                    }
                } else {
                    manifests.add(new Manifest(file.path(), (ObjectNode) node));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ManifestRefusedException refused) {
                throw refused;
            }
            throw new ManifestRefusedException(file.path() + ": not valid YAML"
                    + (document > 0 ? " after document " + document : "") + ": " + firstLine(e.getMessage()));
        }
        return manifests;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
