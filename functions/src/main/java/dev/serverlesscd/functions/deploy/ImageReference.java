package dev.serverlesscd.functions.deploy;

import java.util.regex.Pattern;

/** Container image references: what the build reported, turned into the by-digest reference a deploy sets. */
public final class ImageReference {
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

    private ImageReference() {
    }

    /**
     * {@code <repository>@sha256:<hex>} from the build's image URI (with a tag, a digest or neither) and digest.
     * A URI that already carries a different digest is refused: the two would name different images.
     */
    public static String byDigest(String imageUri, String digest) {
        if (imageUri == null || imageUri.isBlank()) {
            throw new InvalidDeployRequestException("image.imageUri is missing");
        }
        if (digest == null || digest.isBlank()) {
            throw new InvalidDeployRequestException("image.digest is missing (image " + imageUri + ")");
        }
        if (!DIGEST.matcher(digest).matches()) {
            throw new InvalidDeployRequestException("image.digest '" + digest
                    + "' is not a sha256 digest (sha256: and 64 lower-case hex digits)");
        }
        String repository = imageUri.strip();
        int at = repository.indexOf('@');
        if (at >= 0) {
            String uriDigest = repository.substring(at + 1);
            if (!uriDigest.equals(digest)) {
                throw new InvalidDeployRequestException("image.imageUri " + imageUri + " names digest " + uriDigest
                        + " but image.digest is " + digest);
            }
            repository = repository.substring(0, at);
        }
        repository = repository(repository);
        if (repository.isEmpty() || repository.contains(" ")) {
            throw new InvalidDeployRequestException("image.imageUri '" + imageUri + "' has no repository");
        }
        return repository + "@" + digest;
    }

    /** The repository an image reference names, without its tag or digest: {@code a.io/x/orders:1@sha256:…} → {@code a.io/x/orders}. */
    public static String repository(String image) {
        String repository = image.strip();
        int at = repository.indexOf('@');
        if (at >= 0) {
            repository = repository.substring(0, at);
        }
        int lastSlash = repository.lastIndexOf('/');
        int tagColon = repository.indexOf(':', lastSlash + 1);
        return tagColon >= 0 ? repository.substring(0, tagColon) : repository;
    }
}
