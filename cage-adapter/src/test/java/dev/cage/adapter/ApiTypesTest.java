package dev.cage.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.api.CageException;
import dev.cage.api.FileType;
import dev.cage.api.OpenMode;
import dev.cage.protocol.FileInfo;
import dev.cage.protocol.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one mapping from client values and exceptions to the API's. */
class ApiTypesTest {

    /**
     * Every status a node or the client can report becomes the API exception of the same name as the client's
     * (dev.cage.protocol.X becomes dev.cage.api.X), with the same code, status name and message, and the client's
     * exception as its cause. Iterates over {@link Status#values()}, so a new status is covered the day it is added.
     */
    @Test
    void everyStatus_mapsToTheApiExceptionOfTheSameKind() {
        for (Status s : Status.values()) {
            if (s == Status.OK) {
                continue;
            }
            dev.cage.protocol.CageException client = s.toException("failed: " + s);
            CageException api = ApiTypes.exception(client);
            assertThat(api.getClass().getPackageName()).as("%s", s).isEqualTo("dev.cage.api");
            assertThat(api.getClass().getSimpleName()).as("%s", s).isEqualTo(client.getClass().getSimpleName());
            assertThat(api.code()).as("%s", s).isEqualTo(s.code());
            assertThat(api.status()).as("%s", s).isEqualTo(s.name());
            assertThat(api.getMessage()).as("%s", s).isEqualTo("failed: " + s);
            assertThat(api.getCause()).as("%s", s).isSameAs(client);
        }
    }

    /** A subclass with a fixed status states the same code as the protocol does, also when built by the adapter. */
    @Test
    void fixedStatusExceptions_carryTheProtocolsCode() {
        assertThat(new dev.cage.api.ChannelClosedException("x").code()).isEqualTo(Status.CHANNEL_CLOSED.code());
        assertThat(new dev.cage.api.ChannelClosedException("x").status()).isEqualTo(Status.CHANNEL_CLOSED.name());
        assertThat(new dev.cage.api.InvalidArgumentException("x").code()).isEqualTo(Status.INVALID_ARGUMENT.code());
    }

    /** A client exception built by hand with a status, not through {@code toException}, still maps by its status. */
    @Test
    void aBaseClientException_mapsByItsStatus() {
        CageException api = ApiTypes.exception(new dev.cage.protocol.CageException(Status.FILE_LOCKED, "locked"));
        assertThat(api).isInstanceOf(dev.cage.api.FileLockedException.class).hasMessage("locked");
    }

    @Test
    void openModes_mapBothWays_byName() {
        for (dev.cage.protocol.OpenMode m : dev.cage.protocol.OpenMode.values()) {
            OpenMode api = ApiTypes.mode(m);
            assertThat(api.name()).isEqualTo(m.name());
            assertThat(api.writable()).isEqualTo(m.writable());
            assertThat(ApiTypes.mode(api)).isSameAs(m);
        }
        assertThat(OpenMode.values()).hasSameSizeAs(dev.cage.protocol.OpenMode.values());
    }

    @Test
    void values_keepEveryField() {
        Instant t = Instant.parse("2026-01-02T03:04:05.123456Z");
        FileInfo f = new FileInfo("a.txt", dev.cage.protocol.FileType.DIRECTORY, 7, t, t.plusSeconds(1), 42);
        assertThat(ApiTypes.fileInfo(f)).isEqualTo(
            new dev.cage.api.FileInfo("a.txt", FileType.DIRECTORY, 7, t, t.plusSeconds(1), 42));
        assertThat(ApiTypes.fileInfo(f).isDirectory()).isTrue();

        var channel = new dev.cage.protocol.ChannelInfo(3, "b", dev.cage.protocol.OpenMode.SHARED_READ, 9, 10, 11);
        var session = new dev.cage.protocol.SessionInfo(1, "admin", true, "127.0.0.1:5", 7071, true, t, t,
            Duration.ofSeconds(2), 1, List.of(channel));
        var apiSession = ApiTypes.sessionInfo(session);
        assertThat(apiSession.channels()).containsExactly(
            new dev.cage.api.ChannelInfo(3, "b", OpenMode.SHARED_READ, 9, 10, 11));
        assertThat(apiSession).usingRecursiveComparison().ignoringFields("channels").isEqualTo(session);

        var node = new dev.cage.protocol.NodeInfo("v", 1, "/r", "127.0.0.1", 7070, List.of(7071), false, t,
            Duration.ofSeconds(3), Duration.ofMinutes(1), true, "h2", 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(ApiTypes.nodeInfo(node)).usingRecursiveComparison().isEqualTo(node);

        var entry = new dev.cage.protocol.JournalEntryInfo(5, t, 2, "u", "WRITE", "p", "", "OK", 0, 3, 0, 3,
            new byte[] {1, 2, 3});
        assertThat(ApiTypes.journalEntry(entry)).usingRecursiveComparison().isEqualTo(entry);
        assertThat(ApiTypes.journalEntry(entry).isFileChange()).isTrue();

        var summary = new dev.cage.client.CageJournal.Summary(1, 2, 3, t, null, 4);
        assertThat(ApiTypes.summary(summary)).usingRecursiveComparison().isEqualTo(summary);
        assertThat(ApiTypes.summary(summary).entries()).isEqualTo(3);

        var cache = new dev.cage.client.CacheStats(1, 2, 3, 4, 5, 6, 7);
        assertThat(ApiTypes.cacheStats(cache)).usingRecursiveComparison().isEqualTo(cache);
        var tiers = new dev.cage.client.TierStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(ApiTypes.tierStats(tiers)).usingRecursiveComparison().isEqualTo(tiers);
    }
}
