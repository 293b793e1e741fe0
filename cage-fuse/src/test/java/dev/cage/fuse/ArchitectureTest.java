package dev.cage.fuse;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The mount is a layer over the client: it leans on the client, the protocol's types, jnr-fuse and the JDK only. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.cage.fuse");

    @Test
    void mount_dependsOnlyOnTheClientJnrFuseAndTheJdk() {
        classes().should().onlyDependOnClassesThat()
            .resideInAnyPackage("dev.cage.fuse..", "dev.cage.client..", "dev.cage.protocol..", "ru.serce.jnrfuse..",
                "jnr.ffi..", "java..")
            .check(MAIN);
    }
}
