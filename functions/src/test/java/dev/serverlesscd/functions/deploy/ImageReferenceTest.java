package dev.serverlesscd.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ImageReferenceTest {
    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @Test
    void byDigest_shouldReplaceTheTagWithTheDigest() {
        assertThat(ImageReference.byDigest("123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:main-6113728", DIGEST))
                .isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders@" + DIGEST);
    }

    @Test
    void byDigest_shouldKeepARegistryPort_whichIsNotATag() {
        assertThat(ImageReference.byDigest("localhost:5000/team/orders", DIGEST))
                .isEqualTo("localhost:5000/team/orders@" + DIGEST);
        assertThat(ImageReference.byDigest("localhost:5000/team/orders:v1", DIGEST))
                .isEqualTo("localhost:5000/team/orders@" + DIGEST);
    }

    @Test
    void byDigest_shouldAcceptAUriThatAlreadyCarriesTheSameDigest() {
        assertThat(ImageReference.byDigest("registry.example.com/orders:v1@" + DIGEST, DIGEST))
                .isEqualTo("registry.example.com/orders@" + DIGEST);
    }

    @Test
    void byDigest_shouldRefuseAUriCarryingADifferentDigest() {
        String other = "sha256:" + "f".repeat(64);
        assertThatThrownBy(() -> ImageReference.byDigest("registry.example.com/orders@" + other, DIGEST))
                .isInstanceOf(InvalidDeployRequestException.class)
                .hasMessageContaining("names digest " + other + " but image.digest is " + DIGEST);
    }

    @Test
    void byDigest_shouldRefuseAMissingOrMalformedDigest() {
        assertThatThrownBy(() -> ImageReference.byDigest("registry.example.com/orders:v1", null))
                .hasMessage("Deploy.InvalidRequest: image.digest is missing (image registry.example.com/orders:v1)");
        assertThatThrownBy(() -> ImageReference.byDigest("registry.example.com/orders:v1", "sha256:ABC"))
                .hasMessageContaining("is not a sha256 digest");
        assertThatThrownBy(() -> ImageReference.byDigest(" ", DIGEST)).hasMessageContaining("image.imageUri is missing");
    }
}
