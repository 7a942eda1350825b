package dev.serverlesscd.functions.deploy;

import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.ManifestSettings;
import java.util.List;
import java.util.Map;

/** The sample service's manifests, as the release tests vary them. */
final class Releases {
    static final EnvironmentTarget STAGING = new EnvironmentTarget("staging", "orders-staging", "orders", "orders",
            "/health", 0, List.of());

    private Releases() {
    }

    static EnvironmentTarget staging(Integer replicas, Map<String, String> variables) {
        return new EnvironmentTarget("staging", "orders-staging", "orders", "orders", "/health", 0, List.of(),
                new ManifestSettings(null, replicas, variables));
    }

    /** A Deployment of the service (the image named without tag, as a manifest does), reading ConfigMap orders-config. */
    static ManifestFile deployment(int replicas) {
        return new ManifestFile("deploy/staging/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: orders
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: orders}
                  template:
                    metadata:
                      labels: {app: orders}
                    spec:
                      containers:
                        - name: orders
                          image: orders:latest
                          envFrom:
                            - configMapRef: {name: orders-config}
                          env:
                            - name: DB_PASSWORD
                              valueFrom:
                                secretKeyRef: {name: orders-db, key: password}
                          volumeMounts:
                            - {name: config, mountPath: /config}
                        - name: envoy
                          image: envoyproxy/envoy:v1.31.0
                      volumes:
                        - name: config
                          configMap: {name: orders-config}
                        - name: external
                          configMap: {name: not-declared-here}
                """.formatted(replicas));
    }

    static ManifestFile config(String greeting) {
        return new ManifestFile("deploy/staging/config.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: orders-config
                data:
                  GREETING: "%s"
                  CURRENCY: EUR
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: orders-db
                stringData:
                  password: s3cr3t-value
                """.formatted(greeting));
    }

    static ManifestFile service(String name) {
        return new ManifestFile("deploy/staging/" + name + ".yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                spec:
                  selector: {app: orders}
                  ports:
                    - {port: 80, targetPort: 8080}
                """.formatted(name));
    }
}
