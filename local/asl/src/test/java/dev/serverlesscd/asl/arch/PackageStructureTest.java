package dev.serverlesscd.asl.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The shape of local/asl: packages free of cycles, the JSONPath functions independent of the executor, small files. */
@Tag("unit")
class PackageStructureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.serverlesscd.asl");

    @Test
    void the_packages_are_free_of_cycles() {
        slices().matching("dev.serverlesscd.(asl).(**)").should().beFreeOfCycles().check(MAIN);
        slices().matching("dev.serverlesscd.asl.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void the_jsonpath_functions_do_not_depend_on_the_executor() {
        noClasses().that().resideInAPackage("dev.serverlesscd.asl.jsonpath..")
                .should().dependOnClassesThat().resideInAPackage("dev.serverlesscd.asl")
                .check(MAIN);
    }

    @Test
    void no_main_source_file_is_over_600_lines() throws IOException {
        Path root = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
            List<String> tooLong = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readAllLines(p).size() > 600;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(Path::toString).toList();
            assertThat(tooLong).isEmpty();
        }
    }
}
