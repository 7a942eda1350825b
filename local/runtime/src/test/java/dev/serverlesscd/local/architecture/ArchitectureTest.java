package dev.serverlesscd.local.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTag;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The local runtime's package map (docs/architecture.md, "Packages and wiring"): no cycles; the runtime (the pipeline,
 * its ports and bindings, the builds, the cluster) knows nothing of the demo or the CLI, and the demo nothing of the
 * CLI. (Rules are checked from methods: Surefire 3.5.3 does not run {@code @ArchTest} fields, TNG/ArchUnit#1442.)
 */
@ArchTag("unit")
@AnalyzeClasses(packages = "dev.serverlesscd.local", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final ArchRule PACKAGES_ARE_FREE_OF_CYCLES = slices().matching("dev.serverlesscd.local.(*)..")
            .should().beFreeOfCycles();

    private static final ArchRule THE_RUNTIME_DOES_NOT_KNOW_THE_DEMO_OR_THE_CLI = noClasses()
            .that().resideInAnyPackage("dev.serverlesscd.local.runtime..", "dev.serverlesscd.local.bindings..",
                    "dev.serverlesscd.local.build..", "dev.serverlesscd.local.cluster..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.serverlesscd.local.demo..",
                    "dev.serverlesscd.local.cli..");

    private static final ArchRule THE_DEMO_DOES_NOT_KNOW_THE_CLI = noClasses()
            .that().resideInAPackage("dev.serverlesscd.local.demo..")
            .should().dependOnClassesThat().resideInAPackage("dev.serverlesscd.local.cli..");

    @ArchTest
    static void packagesAreFreeOfCycles(JavaClasses classes) {
        PACKAGES_ARE_FREE_OF_CYCLES.check(classes);
    }

    @ArchTest
    static void theRuntimeDoesNotKnowTheDemoOrTheCli(JavaClasses classes) {
        THE_RUNTIME_DOES_NOT_KNOW_THE_DEMO_OR_THE_CLI.check(classes);
    }

    @ArchTest
    static void theDemoDoesNotKnowTheCli(JavaClasses classes) {
        THE_DEMO_DOES_NOT_KNOW_THE_CLI.check(classes);
    }
}
