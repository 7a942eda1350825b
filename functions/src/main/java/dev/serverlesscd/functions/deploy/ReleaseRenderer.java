package dev.serverlesscd.functions.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.ManifestSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the service's manifests into what an environment's deploy applies (docs/deploy.md, "The service's
 * manifests"), without touching the cluster:
 *
 * <ul>
 *   <li>refuses a kind outside {@link #ALLOWED_KINDS}, an object in a namespace the environment does not own, a
 *       duplicate, and manifests in which no container runs the service's image, naming file and object;</li>
 *   <li>puts every namespaced object in the environment's namespace and labels every object as the project's
 *       ({@link #MANAGED_BY}) and the environment's ({@link #ENVIRONMENT}): pruning selects by these labels only;</li>
 *   <li>sets the run's image by digest in every container whose image names the service's repository (the whole
 *       repository, or its last path segment: {@code orders-service} matches {@code 1234.dkr.ecr…/orders-service}),
 *       and applies the environment's {@code variables} to those containers and {@code replicas} to their
 *       workloads;</li>
 *   <li>renames each ConfigMap and Secret to {@code <name>-<hash of its content>} (immutable), and rewrites the
 *       workloads' references to it ({@code envFrom}, {@code env[].valueFrom}, volumes, projected volumes);</li>
 *   <li>refuses a Namespace object: namespaces are the platform's (k8s/namespaces.yaml), outside the deployer's
 *       namespaced Role;</li>
 *   <li>orders the objects: ServiceAccounts, ConfigMaps and Secrets, then Services, then
 *       workloads, then what refers to workloads (autoscalers, disruption budgets, ingresses).</li>
 * </ul>
 */
public final class ReleaseRenderer {
    /** The label every applied object carries, and the value: the project's name. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PROJECT = "serverless-cd";
    /** The label naming the environment an object was applied for. */
    public static final String ENVIRONMENT = "serverlesscd.dev/environment";
    /** The label on a hashed ConfigMap or Secret naming it as the manifests declare it. */
    public static final String CONFIG_OF = "serverlesscd.dev/config-of";
    /** The kinds a deploy applies, by apply order (lower first). */
    public static final Map<String, Integer> ALLOWED_KINDS = Map.of(
            "ServiceAccount", 1, "ConfigMap", 1, "Secret", 1,
            "Service", 2,
            "Deployment", 3, "StatefulSet", 3,
            "HorizontalPodAutoscaler", 4, "PodDisruptionBudget", 4, "Ingress", 4);
    static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet");
    static final Set<String> CONFIG = Set.of("ConfigMap", "Secret");

    private ReleaseRenderer() {
    }

    /**
     * The release of {@code files} for {@code environment}, with {@code image} (by digest) and the workloads and their
     * pod templates annotated with {@code annotations} (run, commit, version).
     */
    public static RenderedRelease render(EnvironmentTarget environment, List<ManifestFile> files, String image,
                                         Map<String, String> annotations) {
        String namespace = environment.namespace();
        ManifestSettings settings = environment.manifestSettings();
        String directory = settings.directoryFor(environment.name());
        List<Manifest> manifests = ManifestParser.parse(files);
        if (manifests.isEmpty()) {
            throw new ManifestRefusedException(directory + " holds no Kubernetes object (" + files.size() + " YAML file(s))");
        }
        Map<String, Manifest> seen = new HashMap<>();
        for (Manifest manifest : manifests) {
            check(manifest, environment);
            Manifest earlier = seen.put(manifest.key(), manifest);
            if (earlier != null) {
                throw new ManifestRefusedException(manifest.describe() + " is declared twice (also in " + earlier.file() + ")");
            }
        }
        Map<String, String> configNames = new HashMap<>();
        Map<String, ReleaseSummary.Config> config = new TreeMap<>();
        for (Manifest manifest : manifests) {
            label(manifest, environment);
            if (CONFIG.contains(manifest.kind())) {
                String original = manifest.name();
                String hashed = original + "-" + contentHash(manifest.object());
                manifest.metadata().put("name", hashed);
                manifest.metadata().with("labels").put(CONFIG_OF, original);
                manifest.object().put("immutable", true);
                configNames.put(manifest.kind() + "/" + original, hashed);
                config.put(manifest.kind() + "/" + original, new ReleaseSummary.Config(hashed, keys(manifest)));
            }
        }
        String repository = ImageReference.repository(image);
        Map<String, String> images = new TreeMap<>();
        Map<String, Integer> replicas = new TreeMap<>();
        Manifest followedWorkload = null;
        for (Manifest manifest : manifests) {
            if (!WORKLOADS.contains(manifest.kind())) {
                continue;
            }
            ObjectNode template = manifest.object().with("spec").with("template");
            ObjectNode podSpec = template.with("spec");
            boolean runsService = false;
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode container : podSpec.path(list)) {
                    if (!container.isObject()) {
                        continue;
                    }
                    ObjectNode c = (ObjectNode) container;
                    rewriteReferences(c, configNames, manifest);
                    if (namesService(c.path("image").asText(""), repository)) {
                        c.put("image", image);
                        setVariables(c, settings.variables());
                        runsService = true;
                    }
                    images.put(manifest.key() + "/" + c.path("name").asText(""), c.path("image").asText(""));
                }
            }
            rewriteVolumes(podSpec, configNames, manifest);
            if (runsService && settings.replicas() != null) {
                manifest.object().with("spec").put("replicas", settings.replicas());
            }
            replicas.put(manifest.key(), manifest.object().path("spec").path("replicas").asInt(1));
            annotate(manifest.metadata(), annotations);
            annotate(template.with("metadata"), annotations);
            if (manifest.name().equals(environment.deployment())) {
                followedWorkload = manifest;
            }
        }
        if (!images.containsValue(image)) {
            throw new ManifestRefusedException("no container in " + directory + " runs the service's image: none names "
                    + repository + " (or " + lastSegment(repository) + "), so the run's image would not be deployed");
        }
        if (followedWorkload == null) {
            throw new ManifestRefusedException(directory + " declares no Deployment or StatefulSet named '"
                    + environment.deployment() + "', the workload environment " + environment.name() + " follows");
        }
        String followed = follow(followedWorkload, environment, image, directory);
        List<Manifest> ordered = new ArrayList<>(manifests);
        ordered.sort(Comparator.comparingInt(m -> ALLOWED_KINDS.get(m.kind())));
        List<ObjectNode> objects = ordered.stream().map(Manifest::object).toList();
        return new RenderedRelease(objects, digest(objects), new ReleaseSummary(images, replicas, config), followed);
    }

    private static void check(Manifest manifest, EnvironmentTarget environment) {
        if (manifest.apiVersion().isEmpty() || manifest.kind().isEmpty() || manifest.name().isEmpty()) {
            throw new ManifestRefusedException(manifest.file() + ": an object without apiVersion, kind or metadata.name ("
                    + manifest.key() + ")");
        }
        if (manifest.kind().equals("Namespace")) {
            throw new ManifestRefusedException(manifest.describe() + ": namespaces are the platform's (k8s/namespaces.yaml,"
                    + " with their network policies and the deployer's Role), not a release's: the deployer may not"
                    + " change one; remove it from the environment's manifests");
        }
        if (!ALLOWED_KINDS.containsKey(manifest.kind())) {
            throw new ManifestRefusedException(manifest.describe() + ": kind " + manifest.kind()
                    + " is not one a deploy applies; allowed: " + String.join(", ", new java.util.TreeSet<>(ALLOWED_KINDS.keySet())));
        }
        String owned = environment.namespace();
        if (manifest.namespace() != null && !manifest.namespace().equals(owned)) {
            throw new ManifestRefusedException(manifest.describe() + ": namespace " + manifest.namespace()
                    + " is not environment " + environment.name() + "'s (it owns " + owned + ")");
        }
    }

    private static void label(Manifest manifest, EnvironmentTarget environment) {
        ObjectNode metadata = manifest.metadata();
        if (!manifest.kind().equals("Namespace")) {
            metadata.put("namespace", environment.namespace());
        }
        ObjectNode labels = metadata.with("labels");
        labels.put(MANAGED_BY, PROJECT);
        labels.put(ENVIRONMENT, environment.name());
    }

    private static String follow(Manifest workload, EnvironmentTarget environment, String image, String directory) {
        for (JsonNode container : workload.object().path("spec").path("template").path("spec").path("containers")) {
            if (environment.container().equals(container.path("name").asText())) {
                if (!image.equals(container.path("image").asText())) {
                    throw new ManifestRefusedException(workload.describe() + ": container '" + environment.container()
                            + "' runs " + container.path("image").asText("no image") + ", not the service's image");
                }
                return workload.key();
            }
        }
        throw new ManifestRefusedException(workload.describe() + ": has no container '" + environment.container()
                + "', the one environment " + environment.name() + " names (" + directory + ")");
    }

    /** Whether a manifest's image names the service's repository, whatever tag or digest it carries. */
    static boolean namesService(String manifestImage, String repository) {
        if (manifestImage.isEmpty()) {
            return false;
        }
        String named = ImageReference.repository(manifestImage);
        return named.equals(repository) || (!named.contains("/") && named.equals(lastSegment(repository)));
    }

    private static String lastSegment(String repository) {
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    private static void setVariables(ObjectNode container, Map<String, String> variables) {
        if (variables.isEmpty()) {
            return;
        }
        ArrayNode env = container.withArray("env");
        Map<String, String> remaining = new LinkedHashMap<>(variables);
        for (JsonNode entry : env) {
            String name = entry.path("name").asText();
            if (remaining.containsKey(name) && entry.isObject()) {
                ((ObjectNode) entry).remove("valueFrom");
                ((ObjectNode) entry).put("value", remaining.remove(name));
            }
        }
        remaining.forEach((name, value) -> env.addObject().put("name", name).put("value", value));
    }

    private static void rewriteReferences(ObjectNode container, Map<String, String> configNames, Manifest workload) {
        for (JsonNode from : container.path("envFrom")) {
            rename(from.path("configMapRef"), "name", "ConfigMap", configNames);
            rename(from.path("secretRef"), "name", "Secret", configNames);
        }
        for (JsonNode variable : container.path("env")) {
            rename(variable.path("valueFrom").path("configMapKeyRef"), "name", "ConfigMap", configNames);
            rename(variable.path("valueFrom").path("secretKeyRef"), "name", "Secret", configNames);
        }
    }

    private static void rewriteVolumes(ObjectNode podSpec, Map<String, String> configNames, Manifest workload) {
        for (JsonNode volume : podSpec.path("volumes")) {
            rename(volume.path("configMap"), "name", "ConfigMap", configNames);
            rename(volume.path("secret"), "secretName", "Secret", configNames);
            for (JsonNode source : volume.path("projected").path("sources")) {
                rename(source.path("configMap"), "name", "ConfigMap", configNames);
                rename(source.path("secret"), "name", "Secret", configNames);
            }
        }
    }

    /** Points a reference to a declared ConfigMap or Secret at its hashed name; others (not declared) stay. */
    private static void rename(JsonNode reference, String field, String kind, Map<String, String> configNames) {
        if (reference.isObject() && reference.path(field).isTextual()) {
            String hashed = configNames.get(kind + "/" + reference.path(field).asText());
            if (hashed != null) {
                ((ObjectNode) reference).put(field, hashed);
            }
        }
    }

    private static void annotate(ObjectNode metadata, Map<String, String> annotations) {
        ObjectNode target = metadata.with("annotations");
        annotations.forEach(target::put);
    }

    /** The keys of a ConfigMap with a hash of each value; a Secret's keys with none (nothing derived from a secret). */
    private static Map<String, String> keys(Manifest manifest) {
        Map<String, String> keys = new TreeMap<>();
        boolean secret = manifest.kind().equals("Secret");
        for (String field : List.of("data", "stringData", "binaryData")) {
            manifest.object().path(field).fields().forEachRemaining(entry ->
                    keys.put(entry.getKey(), secret ? null : sha256(entry.getValue().asText()).substring(0, 12)));
        }
        return keys;
    }

    /** Ten hex digits of the SHA-256 of the object's content (type, data, stringData, binaryData), keys sorted. */
    static String contentHash(ObjectNode object) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("type", "data", "stringData", "binaryData")) {
            if (object.has(field)) {
                content.set(field, object.get(field));
            }
        }
        return sha256(canonicalJson(content)).substring(0, 10);
    }

    /** {@code sha256:<hex>} of the objects' canonical JSON (object keys sorted at every level). */
    static String digest(List<ObjectNode> objects) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        objects.forEach(array::add);
        return "sha256:" + sha256(canonicalJson(array));
    }

    static String canonicalJson(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(canonical(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written: " + e.getMessage(), e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            new TreeMap<>(toMap(node)).forEach((key, value) -> sorted.set(key, canonical(value)));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> array.add(canonical(element)));
            return array;
        }
        return node;
    }

    private static Map<String, JsonNode> toMap(JsonNode node) {
        Map<String, JsonNode> map = new HashMap<>();
        node.fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue()));
        return map;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
