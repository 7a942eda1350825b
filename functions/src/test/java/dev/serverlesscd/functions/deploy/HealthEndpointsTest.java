package dev.serverlesscd.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class HealthEndpointsTest {

    @Test
    void parse_shouldMapEachDeploymentToItsBaseUrl() {
        // GIVEN
        HealthEndpoints endpoints = HealthEndpoints.parse(
                "orders-staging/orders=https://orders.staging.example.com/, orders-production/orders=https://orders.example.com");

        // WHEN / THEN
        assertThat(endpoints.baseUrl(new DeploymentRef("orders-staging", "orders")))
                .contains(URI.create("https://orders.staging.example.com/"));
        assertThat(endpoints.baseUrl(new DeploymentRef("payments", "api"))).isEmpty();
        assertThat(HealthEndpoints.resolve(URI.create("https://orders.staging.example.com/"), "/health"))
                .isEqualTo(URI.create("https://orders.staging.example.com/health"));
    }

    @Test
    void parse_shouldNameTheEntryThatIsWrong() {
        assertThatThrownBy(() -> HealthEndpoints.parse("orders=https://orders.example.com"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("HEALTH_BASE_URLS entry 'orders=https://orders.example.com' is not"
                        + " <namespace>/<deployment>=<base URL>");
        assertThatThrownBy(() -> HealthEndpoints.parse("ns/orders=ftp://orders.example.com"))
                .hasMessageContaining("needs an http or https URL");
    }
}
