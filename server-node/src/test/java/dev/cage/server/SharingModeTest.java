package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.ReadOnlyChannelException;
import dev.cage.protocol.SharingConflictException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/** Every cell of the sharing matrix, between two independent clients. */
class SharingModeTest {
    @TempDir
    static Path tmp;
    static TestNode node;
    static Cage first;
    static Cage second;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(tmp);
        first = node.client("s");
        second = node.client("s");
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        node.close();
    }

    static Stream<Arguments> matrix() {
        return Stream.of(
            Arguments.of(OpenMode.EXCLUSIVE, OpenMode.EXCLUSIVE, false),
            Arguments.of(OpenMode.EXCLUSIVE, OpenMode.SHARED_READ, false),
            Arguments.of(OpenMode.EXCLUSIVE, OpenMode.SHARED_WRITE, false),
            Arguments.of(OpenMode.SHARED_READ, OpenMode.EXCLUSIVE, false),
            Arguments.of(OpenMode.SHARED_READ, OpenMode.SHARED_READ, true),
            Arguments.of(OpenMode.SHARED_READ, OpenMode.SHARED_WRITE, true),
            Arguments.of(OpenMode.SHARED_WRITE, OpenMode.EXCLUSIVE, false),
            Arguments.of(OpenMode.SHARED_WRITE, OpenMode.SHARED_READ, true),
            Arguments.of(OpenMode.SHARED_WRITE, OpenMode.SHARED_WRITE, true));
    }

    @ParameterizedTest(name = "{0} then {1}: allowed={2}")
    @MethodSource("matrix")
    void secondOpen_followsTheMatrix(OpenMode held, OpenMode wanted, boolean allowed) throws Exception {
        String path = "m-" + held + "-" + wanted;
        first.create("s", path);
        CageChannel holder = first.open("s", path, held);
        try {
            if (allowed) {
                CageChannel other = second.open("s", path, wanted);
                second.close(other);
            } else {
                assertThatThrownBy(() -> second.open("s", path, wanted))
                    .isInstanceOf(SharingConflictException.class)
                    .hasMessageContaining("held " + held);
            }
        } finally {
            first.close(holder);
        }
        // Once the holder closes, any mode may open.
        second.close(second.open("s", path, wanted));
    }

    @Test
    void sharedRead_refusesWrites() throws Exception {
        first.create("s", "ro");
        CageChannel ch = first.open("s", "ro", OpenMode.SHARED_READ);
        assertThatThrownBy(() -> first.write(ch, 0, new byte[] {1}))
            .isInstanceOf(ReadOnlyChannelException.class).hasMessageContaining("SHARED_READ");
        first.close(ch);
    }

    @Test
    void sameClientTwice_isTreatedLikeAnyOtherOpener() throws Exception {
        first.create("s", "twice");
        CageChannel ch = first.open("s", "twice", OpenMode.EXCLUSIVE);
        assertThatThrownBy(() -> first.open("s", "twice", OpenMode.SHARED_READ))
            .isInstanceOf(SharingConflictException.class);
        first.close(ch);
        assertThat(node.node().openChannelCount()).isZero();
    }
}
