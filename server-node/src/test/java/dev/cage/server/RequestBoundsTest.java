package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.FileInfo;
import dev.cage.protocol.LimitReachedException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.Status;
import dev.cage.protocol.message.PathRequest;
import dev.cage.protocol.message.ReadRequest;
import dev.cage.server.journal.FileOp;
import dev.cage.server.journal.FileRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests whose size or range a node must bound: a directory too large for one reply lists in pages, offsets past
 * the largest file are range errors, a file cannot grow past it, and a long cut is journaled in steps that a rollback
 * undoes. A {@link Bystander} checks each left everyone else unharmed.
 */
class RequestBoundsTest {
    @TempDir
    Path tmp;
    private TestNode node;
    private Bystander bystander;

    @BeforeEach
    void start() throws IOException {
        node = TestNode.start(tmp, b -> b.limits(NodeLimits.DEFAULT.withFileSize(1L << 30)));
        bystander = Bystander.start(node);
    }

    @AfterEach
    void stop() throws IOException {
        bystander.assertUnharmed();
        bystander.close();
        node.close();
    }

    @Test
    void aDirectoryTooLargeForOneReply_listsInPages_andAPlainListSaysWhy() throws Exception {
        Path big = Files.createDirectories(node.root().resolve("big"));
        int n = 30_000;
        for (int i = 0; i < n; i++) {
            Files.createFile(big.resolve(String.format("entry-with-a-longish-name-%06d", i)));
        }
        try (Cage cage = node.client("n")) {
            List<FileInfo> all = cage.list("n", "big");
            assertThat(all).hasSize(n);
            assertThat(all.get(0).name()).isEqualTo("entry-with-a-longish-name-000000");
            assertThat(all.get(n - 1).name()).isEqualTo(String.format("entry-with-a-longish-name-%06d", n - 1));
            assertThat(all).extracting(FileInfo::name).isSorted().doesNotHaveDuplicates();
        }
        try (RawConnection c = RawLogin.session(node)) {
            RawConnection.RawFrame refused = c.call(Opcode.LIST,
                RawFrames.body(b -> new PathRequest(Opcode.LIST, "big").encode(b)));
            assertThat(refused.statusCode()).isEqualTo(Status.LIMIT_REACHED.code());
            assertThat(refused.message()).contains("LIST_PAGE");
        }
    }

    @Test
    void aReadAtTheLargestOffset_isARangeError_notAServerError() throws Exception {
        Files.write(node.root().resolve("r.bin"), new byte[10]);
        try (RawConnection c = RawLogin.session(node)) {
            long handle = RawLogin.open(c, "r.bin", OpenMode.SHARED_READ.code(), false);
            RawConnection.RawFrame reply = c.call(Opcode.READ,
                RawFrames.body(b -> new ReadRequest(handle, Long.MAX_VALUE, 16).encode(b)));
            assertThat(reply.statusCode()).isEqualTo(Status.INVALID_ARGUMENT.code());
            assertThat(reply.message()).contains("past the largest file size");
        }
    }

    @Test
    void aFileCannotGrowPastTheLargestSize_byWritingOrTruncating() throws Exception {
        // Without a page cache: the refused write goes to the node at once, and no dirty page is left to push again.
        try (Cage cage = node.clientBuilder("n").pageCount(0).build()) {
            CageChannel ch = cage.open("n", "sparse.bin", OpenMode.EXCLUSIVE, true);
            assertThatThrownBy(() -> cage.truncate(ch, 2L << 40)).isInstanceOf(LimitReachedException.class)
                .hasMessageContaining("fileSize");
            assertThatThrownBy(() -> cage.write(ch, (1L << 30) - 2, new byte[4]))
                .isInstanceOf(LimitReachedException.class).hasMessageContaining("fileSize");
            cage.truncate(ch, 1L << 30); // exactly the limit is allowed
            cage.close(ch);
        }
        assertThat(Files.size(node.root().resolve("sparse.bin"))).isEqualTo(1L << 30);
    }

    @Test
    void cuttingAHugeSparseFile_journalsItsBytes_notItsHoles_andARollbackBringsItBack() throws Exception {
        long far = 256L << 20;
        byte[] head = new byte[100];
        new Random(7).nextBytes(head);
        Instant before;
        try (Cage cage = node.clientBuilder("n").pageCount(0).build()) {
            CageChannel ch = cage.open("n", "sparse.bin", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, head);
            cage.write(ch, far, new byte[] {42}); // 256 MiB of hole between them
            before = Instant.now();
            cage.truncate(ch, 50);
            cage.close(ch);
            List<FileRecord> cuts = node.node().journalStore().fileHistory("sparse.bin", null, null).stream()
                .filter(e -> e.getOp() == FileOp.TRUNCATE).toList();
            assertThat(cuts).as("one step for the far byte, one for the head: none for the hole").hasSize(2);
            assertThat(cuts.stream().mapToLong(FileRecord::oldLength).sum()).as("bytes the journal kept")
                .isLessThanOrEqualTo(Journaling.CUT_STEP + 100);

            cage.journal("n").rollback("sparse.bin", false, before);
            CageChannel back = cage.open("n", "sparse.bin", OpenMode.SHARED_READ);
            assertThat(cage.read(back, 0, 100)).isEqualTo(head);
            assertThat(cage.read(back, far - 4, 8)).containsExactly(0, 0, 0, 0, 42);
            assertThat(cage.read(back, far / 2, 16)).containsOnly(0);
            cage.close(back);
        }
        assertThat(Files.size(node.root().resolve("sparse.bin"))).isEqualTo(far + 1);
    }

    @Test
    void aCachedWriteTheNodeRefuses_failsAtClose_andTheNodesChannelIsClosedAnyway() throws Exception {
        try (Cage cage = node.client("n")) {
            CageChannel ch = cage.open("n", "cached.bin", OpenMode.EXCLUSIVE, true);
            cage.write(ch, (1L << 30) - 2, new byte[4]); // into the page cache: the node hears of it at the push
            int open = node.node().openChannelCount();
            assertThatThrownBy(() -> cage.close(ch)).isInstanceOf(LimitReachedException.class)
                .hasMessageContaining("fileSize");
            assertThat(node.node().openChannelCount()).as("the node's side closed too").isEqualTo(open - 1);
            try (Cage other = node.client("n")) {
                other.close(other.open("n", "cached.bin", OpenMode.EXCLUSIVE)); // no exclusive hold left behind
            }
        }
    }

    @Test
    void aLongCut_isJournaledInSteps_andARollbackBringsEveryByteBack() throws Exception {
        int size = 2 * Journaling.CUT_STEP + 12345;
        byte[] content = new byte[size];
        new Random(18).nextBytes(content);
        Instant before;
        try (Cage cage = node.client("n")) {
            cage.writeFile("n", "long.bin", content);
            before = Instant.now();
            CageChannel ch = cage.open("n", "long.bin", OpenMode.EXCLUSIVE);
            cage.truncate(ch, 100);
            cage.close(ch);
            assertThat(Files.size(node.root().resolve("long.bin"))).isEqualTo(100);
            List<FileRecord> cuts = node.node().journalStore().fileHistory("long.bin", null, null).stream()
                .filter(e -> e.getOp() == FileOp.TRUNCATE).toList();
            assertThat(cuts).as("cuts of at most %d bytes each", Journaling.CUT_STEP).hasSize(3);
            cage.journal("n").rollback("long.bin", false, before);
            CageChannel back = cage.open("n", "long.bin", OpenMode.SHARED_READ);
            assertThat(cage.read(back, 0, size)).isEqualTo(content);
            cage.close(back);
        }
    }
}
