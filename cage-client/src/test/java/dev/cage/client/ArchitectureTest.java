package dev.cage.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** What the client may lean on: the protocol, Netty, Caffeine, and Hazelcast in the shared tier only. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.cage.client");

    @Test
    void client_dependsOnlyOnTheProtocolAndItsLibraries() {
        classes().should().onlyDependOnClassesThat()
            .resideInAnyPackage("dev.cage.client..", "dev.cage.protocol..", "io.netty..", "com.github.benmanes.caffeine..",
                "com.hazelcast..", "java..", "javax.net..", "javax.crypto..")
            .check(MAIN);
    }

    /** Hazelcast is optional: a client without it on the class path must load every class it uses. */
    @Test
    void hazelcast_isTouchedOnlyByTheSharedTier() {
        noClasses().that().doNotHaveSimpleName("SharedPageCache")
            .and().doNotHaveSimpleName("HazelcastTier")
            .and().doNotHaveSimpleName("TierStatsReporter")
            .and().haveNameNotMatching(".*\\.(SharedPageCache|HazelcastTier|TierStatsReporter)\\$.*")
            .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..")
            .check(MAIN);
    }

    @Test
    void client_neverReachesJakartaEe() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("jakarta..").check(MAIN);
    }
}
