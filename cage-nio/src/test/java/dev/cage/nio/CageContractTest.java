package dev.cage.nio;

import dev.cage.server.TestNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the cage:// provider on a real node (journal on, page cache on: the defaults). */
class CageContractTest extends FileSystemContract {
    @TempDir
    static Path nodeDir;
    private static TestNode node;
    private static FileSystem cage;

    @BeforeAll
    static void start() throws IOException {
        node = TestNode.start(nodeDir);
        cage = FileSystems.newFileSystem(URI.create("cage://127.0.0.1:" + node.port() + "/"),
            Map.of("user", "admin", "secret", node.secret()));
    }

    @AfterAll
    static void stop() throws IOException {
        if (cage != null) {
            cage.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Override
    protected Path base() {
        return cage.getPath("/");
    }
}
