package dev.cage.nio;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract against Google's jimfs with Unix settings: the reference the Cage provider is held to. */
class JimfsContractTest extends FileSystemContract {
    private static FileSystem jimfs;
    private static Path base;

    @BeforeAll
    static void start() throws IOException {
        jimfs = Jimfs.newFileSystem("contract", Configuration.unix());
        base = Files.createDirectory(jimfs.getPath("/contract"));
    }

    @AfterAll
    static void stop() throws IOException {
        jimfs.close();
    }

    @Override
    protected Path base() {
        return base;
    }
}
