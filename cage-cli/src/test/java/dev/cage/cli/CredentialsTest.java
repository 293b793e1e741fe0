package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir
    Path home;

    private Path nodeSecret(int port, String content) throws Exception {
        Path dir = Files.createDirectories(home.resolve(".cage").resolve("node-" + port));
        return Files.writeString(dir.resolve("admin.secret"), content);
    }

    @Test
    void secretFile_twoLines_givesUserAndSecret() throws Exception {
        Path f = Files.writeString(home.resolve("s"), "alice\ns3cret\n");

        assertThat(Credentials.resolve(null, f, Map.of(), home, 7070)).isEqualTo(new Credentials("alice", "s3cret"));
    }

    @Test
    void secretFile_oneLine_takesTheUserFromTheOption() throws Exception {
        Path f = Files.writeString(home.resolve("s"), "s3cret\n");

        assertThat(Credentials.resolve("bob", f, Map.of(), home, 7070)).isEqualTo(new Credentials("bob", "s3cret"));
    }

    @Test
    void secretFile_oneLineAndNoUser_isAUsageError() throws Exception {
        Path f = Files.writeString(home.resolve("s"), "s3cret\n");

        assertThatThrownBy(() -> Credentials.resolve(null, f, Map.of(), home, 7070))
            .isInstanceOf(UsageException.class).hasMessageContaining("--user");
    }

    @Test
    void environment_comesBeforeTheNodesFile() throws Exception {
        nodeSecret(7070, "admin\nfromfile\n");
        Map<String, String> env = Map.of("CAGE_USER", "carol", "CAGE_SECRET", "fromenv");

        assertThat(Credentials.resolve(null, null, env, home, 7070)).isEqualTo(new Credentials("carol", "fromenv"));
    }

    @Test
    void nodesFile_forThePort_isTheLastResort() throws Exception {
        nodeSecret(7171, "admin\nfromfile\n");

        assertThat(Credentials.resolve(null, null, Map.of(), home, 7171)).isEqualTo(new Credentials("admin", "fromfile"));
    }

    @Test
    void nothing_isAUsageErrorSayingWhatToGive() {
        assertThatThrownBy(() -> Credentials.resolve(null, null, Map.of(), home, 7070))
            .isInstanceOf(UsageException.class)
            .hasMessageContaining("--secret-file").hasMessageContaining("CAGE_SECRET").hasMessageContaining("node-7070");
    }

    @Test
    void toString_hidesTheSecret() {
        assertThat(new Credentials("u", "s3cret").toString()).doesNotContain("s3cret");
    }
}
