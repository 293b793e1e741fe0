package dev.cage.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The protocol is the only code client and node share, so it must lean on neither of them: Netty and the JDK only. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.cage.protocol");

    @Test
    void protocol_dependsOnlyOnNettyAndTheJdk() {
        classes().should().onlyDependOnClassesThat()
            .resideInAnyPackage("dev.cage.protocol..", "io.netty..", "java..", "javax.crypto..")
            .check(MAIN);
    }
}
