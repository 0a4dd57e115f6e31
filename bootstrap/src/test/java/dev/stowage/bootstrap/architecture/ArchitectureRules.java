package dev.stowage.bootstrap.architecture;

import static com.tngtech.archunit.lang.conditions.ArchConditions.be;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.google.inject.Module;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module rules of the hexagon, as ArchUnit rules. {@link ArchitectureTest} checks them against
 * every production class of Stowage; {@link ArchitectureRulesCanFailTest} checks that each one
 * reports the deliberately broken fixture classes, so that none of them can pass vacuously.
 */
final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /** (a) The domain is plain Java. */
    static final ArchRule DOMAIN_IS_PLAIN_JAVA = classes()
            .that().resideInAPackage("dev.stowage.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.stowage.domain..")
            .because("the domain holds values and rules only, with no framework");

    /** (b) The application layer knows no framework and no adapter. */
    static final ArchRule APPLICATION_KNOWS_NO_FRAMEWORK = noClasses()
            .that().resideInAPackage("dev.stowage.application..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.google.inject..", "org.jooq..", "org.flywaydb..", "io.minio..", "io.javalin..",
                    "com.fasterxml.jackson..", "dev.stowage.adapter..", "dev.stowage.bootstrap..")
            .because("ports and services depend on the domain and the JDK only");

    /** (c) Adapters never depend on one another. */
    static final ArchRule ADAPTERS_ARE_INDEPENDENT = slices()
            .matching("dev.stowage.adapter.(*).(*)..")
            .should().notDependOnEachOther()
            .because("each adapter plugs into the application alone; bootstrap combines them");

    /** (d) Only bootstrap knows bootstrap. */
    static final ArchRule NOTHING_DEPENDS_ON_BOOTSTRAP = noClasses()
            .that().resideOutsideOfPackage("dev.stowage.bootstrap..")
            .should().dependOnClassesThat().resideInAPackage("dev.stowage.bootstrap..")
            .because("bootstrap is the outermost layer that assembles everything else");

    /**
     * An adapter's packages whose classes are public for the adapter's other packages alone: jOOQ's
     * generated schema and the SQLite engine, which the stores beside {@code SqliteModule} use.
     * Rule (e) lets them be public; rule (g) keeps every use of them inside the adapter.
     */
    private static final String[] ADAPTER_INTERNALS = {
            "dev.stowage.adapter.out.sqlite.schema..", "dev.stowage.adapter.out.sqlite.engine.."};

    /** (e) An adapter shows its Guice module and settings records; everything else is package-private. */
    static final ArchRule ADAPTERS_EXPOSE_ONLY_MODULES_AND_SETTINGS = classes()
            .that().resideInAPackage("dev.stowage.adapter..")
            .and().resideOutsideOfPackages(ADAPTER_INTERNALS)
            .and().arePublic()
            .should(be(DescribedPredicate.describe(
                    "a Guice module, a settings record, or a type nested in a settings record",
                    ArchitectureRules::mayBePublic)))
            .because("implementations stay behind one public Guice module per adapter");

    /** (f) Adapters reach the application through its ports, never through a service's class. */
    static final ArchRule ADAPTERS_USE_NO_SERVICES = noClasses()
            .that().resideInAPackage("dev.stowage.adapter..")
            .should().dependOnClassesThat().resideInAPackage("dev.stowage.application.service..")
            .because("an adapter implements port.out or calls port.in; services are wired by bootstrap");

    /** (g) What an adapter makes public for its own packages is used by that adapter alone. */
    static final ArchRule ADAPTER_INTERNALS_STAY_INSIDE = classes()
            .that().resideInAnyPackage(ADAPTER_INTERNALS)
            .should().onlyHaveDependentClassesThat().resideInAPackage("dev.stowage.adapter.out.sqlite..")
            .because("the engine and the schema are the SQLite adapter's own; the rest of Stowage uses its module and ports");

    private static boolean mayBePublic(JavaClass c) {
        return c.isAssignableTo(Module.class)
                || isSettingsRecord(c)
                || c.getEnclosingClass().map(ArchitectureRules::isSettingsRecord).orElse(false);
    }

    private static boolean isSettingsRecord(JavaClass c) {
        return c.getSimpleName().endsWith("Settings")
                && c.getRawSuperclass().map(s -> s.isEquivalentTo(Record.class)).orElse(false);
    }
}
