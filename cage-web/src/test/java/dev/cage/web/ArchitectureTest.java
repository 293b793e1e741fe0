package dev.cage.web;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.cage.web.api.NodesResource;
import org.junit.jupiter.api.Test;

/**
 * The console reaches nodes through the adapter and the cage-ejb beans only (no second client stack inside the
 * WAR), and its security and live-stream parts do not depend on the REST layer above them.
 */
class ArchitectureTest {
    private final JavaClasses console = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.cage.web");

    @Test
    void theConsoleUsesOnlyTheApiAndTheBeansFromCage() {
        classes().that().resideInAPackage("dev.cage.web..")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("dev.cage..")
                .or(resideInAnyPackage("dev.cage.api..", "dev.cage.ejb..", "dev.cage.web..")))
            .because("the console is an application of the adapter: no client, protocol or Netty in the WAR")
            .check(console);
        assertThat(console.contain(NodesResource.class)).isTrue();
    }

    @Test
    void securityAndLiveDataDoNotDependOnTheRestLayer() {
        noClasses().that().resideInAnyPackage("dev.cage.web.security..", "dev.cage.web.live..")
            .should().dependOnClassesThat().resideInAPackage("dev.cage.web.api..")
            .check(console);
    }
}
