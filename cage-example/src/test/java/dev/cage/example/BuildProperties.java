package dev.cage.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** What this module's integration tests take from the build (failsafe's system properties) and a clean work folder. */
final class BuildProperties {
    private BuildProperties() {
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run through Maven (failsafe)");
        }
        return value;
    }

    static int intProperty(String name) {
        return Integer.parseInt(property(name));
    }

    /** Deletes {@code dir} and everything under it, if it exists. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
