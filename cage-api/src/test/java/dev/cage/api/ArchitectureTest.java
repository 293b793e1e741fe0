package dev.cage.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The API applications compile against names nothing but the JDK and the Jakarta Connectors API. */
class ArchitectureTest {
    private final JavaClasses api = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.cage.api");

    @Test
    void apiDependsOnlyOnTheJdkAndJakartaConnectors() {
        ArchRule rule = classes().that().resideInAPackage("dev.cage.api..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("dev.cage.api..", "java..", "javax.naming..", "jakarta.resource..")
            .because("cage-api is what applications compile against: no wire, client, Netty or Caffeine types");
        rule.check(api);
    }

    @Test
    void theApiIsNotEmpty() {
        // guards the rule above against passing vacuously (a wrong package name imports nothing)
        org.assertj.core.api.Assertions.assertThat(api.contain(CageConnection.class)).isTrue();
        org.assertj.core.api.Assertions.assertThat(api.contain(CageException.class)).isTrue();
    }
}
