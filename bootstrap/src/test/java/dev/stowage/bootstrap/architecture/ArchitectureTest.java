package dev.stowage.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the module rules against every production class of Stowage on the class path, whatever
 * module it comes from. Runs in {@code mvn verify}, so a violation fails the build.
 */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.stowage");
    }

    @Test
    void everyModuleIsImported() {
        assertThat(production.stream().map(JavaClass::getPackageName).distinct())
                .contains("dev.stowage.domain.error", "dev.stowage.application.port.out",
                        "dev.stowage.adapter.in.http", "dev.stowage.adapter.in.legacy", "dev.stowage.bootstrap.config",
                        "dev.stowage.adapter.out.sqlite.engine", "dev.stowage.adapter.out.micrometer")
                .noneMatch(p -> p.contains("archfixture"));
    }

    static Stream<ArchRule> rules() {
        return Stream.of(
                ArchitectureRules.DOMAIN_IS_PLAIN_JAVA,
                ArchitectureRules.APPLICATION_KNOWS_NO_FRAMEWORK,
                ArchitectureRules.ADAPTERS_ARE_INDEPENDENT,
                ArchitectureRules.NOTHING_DEPENDS_ON_BOOTSTRAP,
                ArchitectureRules.ADAPTERS_EXPOSE_ONLY_MODULES_AND_SETTINGS,
                ArchitectureRules.ADAPTERS_USE_NO_SERVICES,
                ArchitectureRules.ADAPTER_INTERNALS_STAY_INSIDE);
    }

    @ParameterizedTest
    @MethodSource("rules")
    void productionCodeKeepsTheRule(ArchRule rule) {
        rule.check(production);
    }
}
