package dev.cage.ejb;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The beans are an application of the adapter like any other: from Cage they use only {@code dev.cage.api}. */
class ArchitectureTest {
    private final JavaClasses beans = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.cage.ejb");

    @Test
    void beansUseOnlyTheApiFromCage() {
        ArchRule rule = classes().that().resideInAPackage("dev.cage.ejb..")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("dev.cage..")
                .or(resideInAnyPackage("dev.cage.api..", "dev.cage.ejb..")))
            .because("applications compile against cage-api only; the client and the protocol stay in the adapter");
        rule.check(beans);
        assertThat(beans.contain(CageAdmin.class)).isTrue();
    }
}
