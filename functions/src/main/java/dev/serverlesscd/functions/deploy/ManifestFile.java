package dev.serverlesscd.functions.deploy;

/** A YAML file of the service's manifests: its path in the repository ({@code deploy/staging/app.yaml}) and text. */
public record ManifestFile(String path, String text) {
}
