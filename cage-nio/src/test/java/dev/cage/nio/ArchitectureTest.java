package dev.cage.nio;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The provider is a thin layer over the client: it leans on the client, the protocol's types and the JDK only. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.cage.nio");

    @Test
    void provider_dependsOnlyOnTheClientAndTheJdk() {
        classes().should().onlyDependOnClassesThat()
            .resideInAnyPackage("dev.cage.nio..", "dev.cage.client..", "dev.cage.protocol..", "java..")
            .check(MAIN);
    }
}
