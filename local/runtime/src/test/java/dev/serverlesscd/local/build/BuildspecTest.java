package dev.serverlesscd.local.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.local.build.Buildspec.OnFailure;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class BuildspecTest {

    @Test
    void parse_shouldReadEnvPhasesReportsAndArtifacts() {
        // GIVEN
        String yaml = """
                version: 0.2
                env:
                  variables:
                    STAGE: test
                    RETRIES: 3
                  exported-variables:
                    - IMAGE_URI
                phases:
                  install:
                    commands:
                      - java -version
                  build:
                    on-failure: CONTINUE
                    commands:
                      - ./mvnw test
                    finally:
                      - echo done
                reports:
                  unit:
                    files: ["junit/*.xml"]
                    base-directory: reports/test
                    file-format: JUNITXML
                artifacts:
                  files: ["**/*"]
                  base-directory: reports/test
                """;

        // WHEN
        Buildspec buildspec = Buildspec.parse(yaml, "test.yml");

        // THEN
        assertThat(buildspec.version()).isEqualTo("0.2");
        assertThat(buildspec.shell()).isEqualTo("/bin/sh");
        assertThat(buildspec.variables()).containsEntry("STAGE", "test").containsEntry("RETRIES", "3");
        assertThat(buildspec.exportedVariables()).containsExactly("IMAGE_URI");
        assertThat(buildspec.phases()).containsOnlyKeys(PhaseType.INSTALL, PhaseType.BUILD);
        assertThat(buildspec.phases().get(PhaseType.BUILD).onFailure()).isEqualTo(OnFailure.CONTINUE);
        assertThat(buildspec.phases().get(PhaseType.BUILD).finallyCommands()).containsExactly("echo done");
        assertThat(buildspec.phases().get(PhaseType.INSTALL).onFailure()).isEqualTo(OnFailure.ABORT);
        assertThat(buildspec.reports().get("unit").fileFormat()).isEqualTo("JUNITXML");
        assertThat(buildspec.artifacts().baseDirectory()).isEqualTo("reports/test");
    }

    @Test
    void load_shouldReadEverySampleBuildspec() {
        // GIVEN the sample's six buildspecs
        Path buildspecs = SampleService.directory().resolve("buildspecs");

        // WHEN / THEN each parses, and build.yml exports the image
        for (String name : new String[] {"test.yml", "scan.yml", "lint.yml", "benchmark.yml", "build.yml", "smoke.yml"}) {
            assertThat(Buildspec.load(buildspecs.resolve(name)).phases()).as(name).containsKey(PhaseType.BUILD);
        }
        assertThat(Buildspec.load(buildspecs.resolve("build.yml")).exportedVariables())
                .containsExactly("IMAGE_URI", "IMAGE_DIGEST", "IMAGE_SIZE_BYTES");
    }

    @Test
    void sampleBuildspecs_shouldExtendTheHostsMavenOpts_notReplaceIt() {
        // GIVEN the sample's buildspecs that set MAVEN_OPTS
        Path buildspecs = SampleService.directory().resolve("buildspecs");
        for (String name : new String[] {"test.yml", "scan.yml", "lint.yml", "benchmark.yml", "build.yml", "smoke.yml"}) {
            String opts = Buildspec.load(buildspecs.resolve(name)).variables().get("MAVEN_OPTS");

            // THEN each keeps what the build image (or the host) sets: a proxy or repository setting is not lost
            if (opts != null) {
                assertThat(opts).as(name).startsWith("$MAVEN_OPTS ");
            }
        }
    }

    @Test
    void parse_shouldKeepTheVariablesInTheirOrder() {
        Buildspec buildspec = Buildspec.parse("version: 0.2\nenv:\n  variables:\n    Z: 1\n    A: $Z\n    M: $A\n"
                + "phases:\n  build:\n    commands: [ls]\n", "buildspec.yml");

        assertThat(buildspec.variables().keySet()).containsExactly("Z", "A", "M");
    }

    @Test
    void parse_shouldNameTheProblem_ofABadBuildspec() {
        assertThatThrownBy(() -> Buildspec.parse("version: 0.1\nphases: {build: {commands: [ls]}}", "a.yml"))
                .isInstanceOf(BuildspecException.class).hasMessage("a.yml: version must be 0.2, was '0.1'");
        assertThatThrownBy(() -> Buildspec.parse("version: 0.2\nphases: {compile: {commands: [ls]}}", "b.yml"))
                .hasMessage("b.yml: unknown phase 'compile' (expected install, pre_build, build, post_build)");
        assertThatThrownBy(() -> Buildspec.parse("version: 0.2\nphases: {build: {on-failure: RETRY, commands: [ls]}}", "c.yml"))
                .hasMessage("c.yml: phases.build.on-failure must be ABORT or CONTINUE, was 'RETRY'");
        assertThatThrownBy(() -> Buildspec.parse("version: 0.2\nphases:\n  build:\n    commands:\n      - echo a: b\n", "d.yml"))
                .hasMessage("d.yml: phases.build.commands[0] must be a string (quote a command that contains ': ')");
        assertThatThrownBy(() -> Buildspec.parse("version: 0.2\nenv: {secrets-manager: {TOKEN: x}}\nphases: {build: {commands: [ls]}}", "e.yml"))
                .hasMessageStartingWith("e.yml: env.secrets-manager is not supported by the local runner");
        assertThatThrownBy(() -> Buildspec.parse("version: 0.2\nphases: [\n", "f.yml"))
                .hasMessageStartingWith("f.yml: not valid YAML:");
    }
}
