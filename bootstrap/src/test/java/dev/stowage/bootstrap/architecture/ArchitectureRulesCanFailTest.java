package dev.stowage.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rule, evaluated against fixture classes that break it on purpose (in {@code archfixture}
 * packages under src/test, imported here explicitly and never by {@link ArchitectureTest}), must
 * report them. This proves that the rules can fail.
 */
class ArchitectureRulesCanFailTest {

    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(
            "dev.stowage.domain.archfixture",
            "dev.stowage.application.archfixture",
            "dev.stowage.adapter.out.fs.archfixture",
            "dev.stowage.adapter.out.sqlite.archfixture",
            "dev.stowage.adapter.out.sqlite.engine.archfixture",
            "dev.stowage.adapter.in.http.archfixture");

    @Test
    void domainRuleReportsADomainClassUsingALibrary() {
        assertThat(violations(ArchitectureRules.DOMAIN_IS_PLAIN_JAVA))
                .anyMatch(v -> v.contains("DomainUsingAFramework") && v.contains("org.slf4j"))
                .noneMatch(v -> v.contains("java.util.logging"));
    }

    @Test
    void applicationRuleReportsGuiceAndBootstrap() {
        List<String> violations = violations(ArchitectureRules.APPLICATION_KNOWS_NO_FRAMEWORK);
        assertThat(violations).anyMatch(v -> v.contains("ApplicationUsingGuiceAndBootstrap")
                && v.contains("com.google.inject.Inject"));
        assertThat(violations).anyMatch(v -> v.contains("ApplicationUsingGuiceAndBootstrap")
                && v.contains("dev.stowage.bootstrap.config.StowageConfig"));
    }

    @Test
    void adapterRuleReportsOneAdapterReachingIntoAnother() {
        assertThat(violations(ArchitectureRules.ADAPTERS_ARE_INDEPENDENT))
                .anyMatch(v -> v.contains("PublicFsImplementation") && v.contains("SqliteBridge"));
    }

    @Test
    void bootstrapRuleReportsAnythingElseUsingBootstrap() {
        List<String> violations = violations(ArchitectureRules.NOTHING_DEPENDS_ON_BOOTSTRAP);
        assertThat(violations).anyMatch(v -> v.contains("HttpUsingBootstrap") && v.contains("Lifecycle"));
        assertThat(violations).anyMatch(v -> v.contains("ApplicationUsingGuiceAndBootstrap"));
    }

    @Test
    void visibilityRuleReportsPublicImplementationsOnly() {
        List<String> violations = violations(ArchitectureRules.ADAPTERS_EXPOSE_ONLY_MODULES_AND_SETTINGS);
        assertThat(violations)
                .anyMatch(v -> v.contains("PublicFsImplementation"))
                .anyMatch(v -> v.contains("SqliteBridge"))
                .noneMatch(v -> v.contains("FixtureModule") || v.contains("FixtureSettings"))
                .noneMatch(v -> v.contains("EngineInternal"));
    }

    @Test
    void internalsRuleReportsAUseOfTheSqliteEngineFromOutsideTheAdapterOnly() {
        assertThat(violations(ArchitectureRules.ADAPTER_INTERNALS_STAY_INSIDE))
                .anyMatch(v -> v.contains("HttpUsingTheSqliteEngine") && v.contains("EngineInternal"))
                .noneMatch(v -> v.contains("SqliteSide"));
    }

    @Test
    void serviceRuleReportsAnAdapterUsingAServiceClass() {
        assertThat(violations(ArchitectureRules.ADAPTERS_USE_NO_SERVICES))
                .anyMatch(v -> v.contains("SqliteUsingAService")
                        && v.contains("dev.stowage.application.service.MonotonicIdGenerator"))
                .noneMatch(v -> v.contains("SqliteBridge") || v.contains("PublicFsImplementation"));
    }

    private static List<String> violations(ArchRule rule) {
        EvaluationResult result = rule.evaluate(FIXTURES);
        assertThat(result.hasViolation()).as("%s reports the fixture", rule.getDescription()).isTrue();
        return result.getFailureReport().getDetails();
    }
}
