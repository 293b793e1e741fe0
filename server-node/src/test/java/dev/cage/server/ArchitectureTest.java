package dev.cage.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The node's dependencies. Its tests have the client on the class path (they drive the node as users do), so these
 * rules are what keeps the node's own code off it.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.cage.server");

    @Test
    void node_dependsOnTheProtocolNotOnTheClientOrItsTools() {
        classes().should().onlyDependOnClassesThat()
            .resideInAnyPackage("dev.cage.server..", "dev.cage.protocol..", "io.netty..", "jakarta.persistence..",
                "org.eclipse.persistence..", "org.apache.ratis..", "java..", "javax..",
                "com.sun.management..") // the JDK's own: the process's descriptor limit (NodeLimits)
            .check(MAIN);
    }

    /** Raft is the group package's business: the rest of the node proposes and applies changes through its types. */
    @Test
    void ratis_isUsedOnlyByTheGroupPackage() {
        noClasses().that().resideOutsideOfPackage("dev.cage.server.group..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.ratis..")
            .check(MAIN);
        noClasses().that().resideInAPackage("dev.cage.server.group..")
            .should().dependOnClassesThat().resideInAPackage("dev.cage.server")
            .check(MAIN);
    }

    /** JPA is the journal's business; the rest of the node reaches it through the journal's own types. */
    @Test
    void jpa_isUsedOnlyByTheJournalPackage() {
        noClasses().that().resideOutsideOfPackage("dev.cage.server.journal..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.eclipse.persistence..")
            .check(MAIN);
    }

    @Test
    void journalPackage_doesNotReachBackIntoTheNode() {
        noClasses().that().resideInAPackage("dev.cage.server.journal..")
            .should().dependOnClassesThat().resideInAPackage("dev.cage.server")
            .check(MAIN);
    }

    /**
     * The served tree is reached only through the storage seam, which confines every key to the root; the jail and
     * the seam's race-free walk, the node's own user file and its data directory (outside the tree) are the other
     * places that touch the disk by path.
     */
    @Test
    void disk_isTouchedOnlyThroughTheStorageSeam() {
        noClasses().that().resideInAPackage("dev.cage.server")
            .and().doNotHaveSimpleName("RootedStorage")
            .and().doNotHaveSimpleName("RootJail")
            .and().doNotHaveSimpleName("UserStore")
            .and().doNotHaveSimpleName("SecureTree")
            .and().doNotHaveSimpleName("DataDirectory")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
            .check(MAIN);
    }
}
