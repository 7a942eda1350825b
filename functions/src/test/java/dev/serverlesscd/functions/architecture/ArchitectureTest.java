package dev.serverlesscd.functions.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTag;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.serverlesscd.functions.approval.ApprovalRequester;
import dev.serverlesscd.functions.run.RunRecorder;
import java.util.List;

/**
 * The package map of docs/architecture.md ("Packages and wiring"), kept true: no cycles between the packages, handlers
 * only map events (they live in {@code lambda}, nothing depends on them), the wiring is the only place that knows
 * every adapter, and services see ports only. (Rules are checked from methods: Surefire 3.5.3 does not run
 * {@code @ArchTest} fields, TNG/ArchUnit#1442.)
 */
@ArchTag("unit")
@AnalyzeClasses(packages = "dev.serverlesscd.functions", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** The classes that decide: services, and the recorder, requester, launcher and notifier that play that part. */
    private static final List<String> SERVICE_SUFFIXES = List.of("Service", "RunRecorder", "ApprovalRequester",
            "RunLauncher", "Notifier");
    /** The prefixes of the classes that talk to a technology (the adapters behind the ports). */
    private static final List<String> ADAPTER_PREFIXES = List.of("DynamoDb", "Sfn", "Ses", "S3", "Ecr", "CodeBuild",
            "SecretsManager", "GitHubCommitStatuses", "Eks", "Kubernetes", "Outbox", "Jdk", "CloudWatch");

    private static final ArchRule PACKAGES_ARE_FREE_OF_CYCLES = slices().matching("dev.serverlesscd.functions.(*)..")
            .should().beFreeOfCycles();

    private static final ArchRule SERVICES_DO_NOT_DEPEND_ON_ADAPTERS = noClasses()
            .that(describe("are services", (JavaClass c) -> SERVICE_SUFFIXES.stream().anyMatch(c.getSimpleName()::endsWith)))
            .should().dependOnClassesThat(describe("are adapters (a technology's client or an adapter class)",
                    (JavaClass c) -> c.getPackageName().startsWith("software.amazon.awssdk")
                            || c.getPackageName().startsWith("io.fabric8")
                            || ADAPTER_PREFIXES.stream().anyMatch(c.getSimpleName()::startsWith)))
            .because("services decide and see ports only; the wiring gives them the adapters");

    private static final ArchRule HANDLERS_LIVE_IN_LAMBDA_AND_NOTHING_DEPENDS_ON_THEM = classes()
            .that().haveSimpleNameEndingWith("Handler")
            .should().resideInAPackage("dev.serverlesscd.functions.lambda")
            .andShould().onlyHaveDependentClassesThat().resideInAPackage("dev.serverlesscd.functions.lambda");

    private static final ArchRule ONLY_HANDLERS_USE_THE_WIRING = noClasses()
            .that().resideOutsideOfPackages("dev.serverlesscd.functions.lambda", "dev.serverlesscd.functions.wiring")
            .should().dependOnClassesThat().resideInAPackage("dev.serverlesscd.functions.wiring");

    @ArchTest
    static void packagesAreFreeOfCycles(JavaClasses classes) {
        PACKAGES_ARE_FREE_OF_CYCLES.check(classes);
    }

    @ArchTest
    static void servicesDoNotDependOnAdapters(JavaClasses classes) {
        SERVICES_DO_NOT_DEPEND_ON_ADAPTERS.check(classes);
    }

    @ArchTest
    static void handlersLiveInLambdaAndNothingDependsOnThem(JavaClasses classes) {
        HANDLERS_LIVE_IN_LAMBDA_AND_NOTHING_DEPENDS_ON_THEM.check(classes);
    }

    @ArchTest
    static void onlyHandlersUseTheWiring(JavaClasses classes) {
        ONLY_HANDLERS_USE_THE_WIRING.check(classes);
    }
}
