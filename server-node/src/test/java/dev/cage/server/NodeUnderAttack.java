package dev.cage.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One node for a whole test class of attacks, with a {@link Bystander} session opened before the first
 * attack and checked after every test. Register as a static field:
 * {@code @RegisterExtension static final NodeUnderAttack NODE = new NodeUnderAttack();}
 *
 * <p>Tokens live for 10 minutes here, so sessions granted by one test and never attached do not expire
 * in the middle of another.
 */
final class NodeUnderAttack implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private Path dir;
    private TestNode node;
    private Bystander bystander;

    /** The node; valid from {@code @BeforeAll} on. */
    TestNode node() {
        return node;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("cage-attack-");
        node = TestNode.start(dir, b -> b.tokenTtl(Duration.ofMinutes(10)));
        bystander = Bystander.start(node);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        bystander.assertUnharmed();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            bystander.close();
            node.close();
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
