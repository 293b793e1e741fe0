package dev.cage.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.protocol.BranchId;
import dev.cage.protocol.CageException;
import dev.cage.protocol.ChannelInfo;
import dev.cage.protocol.FileInfo;
import dev.cage.protocol.FileType;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.JournalEntryInfo;
import dev.cage.protocol.NodeInfo;
import dev.cage.protocol.NodeStats;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.SessionInfo;
import dev.cage.protocol.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message type: encoding then decoding gives the message back and consumes the whole body; a body cut short is
 * refused as MALFORMED_FRAME, and so (but for HELLO and the data-to-the-end bodies) is one with a byte too many.
 */
class MessageRoundTripTest {
    private static final Instant T1 = Instant.parse("2024-05-06T07:08:09.123456Z");
    private static final Instant T2 = Instant.parse("2024-05-06T08:00:00Z");
    private static final BranchId BRANCH = new BranchId(0x1234, new byte[] {1, 2, 3}, new byte[] {9});
    private static final FileInfo FILE = new FileInfo("report.txt", FileType.FILE, 4096, Instant.ofEpochMilli(1000),
        Instant.ofEpochMilli(2000), 7);
    private static final FileInfo DIR = new FileInfo("docs", FileType.DIRECTORY, 0, Instant.ofEpochMilli(3000),
        Instant.ofEpochMilli(4000), 0);

    @FunctionalInterface
    interface Decoder {
        Message decode(ByteBuf in) throws CageException;
    }

    /** How a decoder treats the end of the body. */
    enum Tail {
        /** Every field fixed: a byte more or less is malformed. */
        STRICT,
        /** The last field runs to the end of the body: only a cut into the fields before it is malformed. */
        TO_END,
        /** HELLO: bytes after the version are ignored. */
        LENIENT
    }

    record Case(Message message, Decoder decoder, Tail tail, int headerBytes) {
        static Case strict(Message m, Decoder d) {
            return new Case(m, d, Tail.STRICT, 0);
        }

        @Override
        public String toString() {
            return message.getClass().getSimpleName() + (message instanceof Request r ? " " + r.opcode() : "");
        }
    }

    static Stream<Case> messages() {
        return Stream.of(
            new Case(HelloRequest.current(), HelloRequest::decode, Tail.LENIENT, 6),
            Case.strict(new HelloReply(1, 1 << 20), HelloReply::decode),
            Case.strict(new AuthStartRequest("admin", new byte[] {1, 2, 3}), AuthStartRequest::decode),
            Case.strict(new AuthStartReply(new byte[16], 4096, new byte[] {5, 6}), AuthStartReply::decode),
            Case.strict(new AuthProofRequest(new byte[] {7, 8, 9}), AuthProofRequest::decode),
            Case.strict(new AuthProofReply(new byte[] {1}, "tok€n", 7071, 42, 30_000), AuthProofReply::decode),
            Case.strict(new AuthProofReply(new byte[] {1}, "tok€n", 7071, 42, 30_000, "docs",
                java.util.List.of("127.0.0.1:7070", "h2:7170")), AuthProofReply::decode),
            Case.strict(new AttachRequest("token", false), AttachRequest::decode),
            Case.strict(new AttachRequest("token", true), AttachRequest::decode),
            Case.strict(new AttachReply(42), AttachReply::decode),
            Case.strict(new PathRequest(Opcode.CREATE, "a/b.txt"), in -> PathRequest.decode(Opcode.CREATE, in)),
            Case.strict(new PathRequest(Opcode.REMOVE, "a/b.txt"), in -> PathRequest.decode(Opcode.REMOVE, in)),
            Case.strict(new PathRequest(Opcode.MKDIR, "a"), in -> PathRequest.decode(Opcode.MKDIR, in)),
            Case.strict(new PathRequest(Opcode.RMDIR, "a"), in -> PathRequest.decode(Opcode.RMDIR, in)),
            Case.strict(new PathRequest(Opcode.STAT, ""), in -> PathRequest.decode(Opcode.STAT, in)),
            Case.strict(new PathRequest(Opcode.LIST, "a"), in -> PathRequest.decode(Opcode.LIST, in)),
            Case.strict(new StatReply(FILE), StatReply::decode),
            Case.strict(new PathRequest(Opcode.STATFS, ""), in -> PathRequest.decode(Opcode.STATFS, in)),
            Case.strict(new SpaceReply(new dev.cage.protocol.SpaceInfo(1L << 40, 1L << 39, (1L << 39) + 4096)),
                SpaceReply::decode),
            Case.strict(new ListReply(List.of(DIR, FILE)), ListReply::decode),
            Case.strict(new ListPageRequest("docs", "b.txt", 1000), ListPageRequest::decode),
            Case.strict(new ListPageReply(List.of(DIR, FILE), true), ListPageReply::decode),
            Case.strict(new ListPageReply(List.of(), false), ListPageReply::decode),
            Case.strict(new RenameRequest("a", "b/c"), RenameRequest::decode),
            Case.strict(new OpenRequest("a/b.txt", OpenMode.SHARED_WRITE, true), OpenRequest::decode),
            Case.strict(new OpenReply(5, 4096, 7, 99), OpenReply::decode),
            Case.strict(new HandleRequest(Opcode.CLOSE, 5), in -> HandleRequest.decode(Opcode.CLOSE, in)),
            Case.strict(new HandleRequest(Opcode.SYNC, 5), in -> HandleRequest.decode(Opcode.SYNC, in)),
            Case.strict(new HandleRequest(Opcode.FSTAT, 5), in -> HandleRequest.decode(Opcode.FSTAT, in)),
            Case.strict(new ReadRequest(5, 1 << 40, 65536), ReadRequest::decode),
            new Case(new ReadReply(7, bytes("hello")), ReadReply::decode, Tail.TO_END, 8),
            new Case(new WriteRequest(5, 123, bytes("hello")), WriteRequest::decode, Tail.TO_END, 16),
            Case.strict(new WriteReply(128, 8), WriteReply::decode),
            Case.strict(new TruncateRequest(5, 10), TruncateRequest::decode),
            Case.strict(new TruncateReply(9), TruncateReply::decode),
            Case.strict(new ChecksumsRequest(5, 4096, List.of()), ChecksumsRequest::decode),
            Case.strict(new ChecksumsReply(List.of(new ChecksumsReply.Page(4096, new byte[16]),
                new ChecksumsReply.Page(10, digest(3)))), in -> ChecksumsReply.decode(in, 2)),
            Case.strict(new InvalidateRequest(new ChangedRange(99, 0, 4096, 8, 4096)), InvalidateRequest::decode),
            Case.strict(new Progress(10, -1), Progress::decode),
            Case.strict(new JournalQueryRequest("docs", Long.MIN_VALUE, Long.MAX_VALUE, 17, 1000, true),
                JournalQueryRequest::decode),
            Case.strict(new JournalQueryReply(List.of(entry(1, new byte[0]), entry(2, new byte[] {1, 2})), true),
                JournalQueryReply::decode),
            Case.strict(new JournalRollbackRequest("docs", true, 1_700_000_000_000_000L), JournalRollbackRequest::decode),
            Case.strict(new JournalRollbackReply(3), JournalRollbackReply::decode),
            Case.strict(new EmptyRequest(Opcode.JOURNAL_STATS), in -> EmptyRequest.decode(Opcode.JOURNAL_STATS, in)),
            Case.strict(new JournalStatsReply(1, 2, 3, -1, 5, 6), JournalStatsReply::decode),
            Case.strict(new AdminSessionsRequest(0), AdminSessionsRequest::decode),
            Case.strict(new AdminEndSessionRequest(7, "ended by ann: idle sessions are cleaned up"), AdminEndSessionRequest::decode),
            Case.strict(new AdminSessionsReply(List.of(session()), false), AdminSessionsReply::decode),
            Case.strict(new EmptyRequest(Opcode.ADMIN_NODE), in -> EmptyRequest.decode(Opcode.ADMIN_NODE, in)),
            Case.strict(new EmptyRequest(Opcode.ADMIN_STATS), in -> EmptyRequest.decode(Opcode.ADMIN_STATS, in)),
            Case.strict(new EmptyRequest(Opcode.ADMIN_USERS), in -> EmptyRequest.decode(Opcode.ADMIN_USERS, in)),
            Case.strict(new UsersReply(java.util.List.of(new dev.cage.protocol.UserInfo("ann", true, true),
                new dev.cage.protocol.UserInfo("bob", false, false))), UsersReply::decode),
            Case.strict(new UserPutRequest("carl", true), UserPutRequest::decode),
            Case.strict(new UserSecretReply("s3cr3t"), UserSecretReply::decode),
            Case.strict(new UserEnableRequest("bob", false), UserEnableRequest::decode),
            Case.strict(new JournalReadAsOfRequest("docs/a.txt", 1_796_000_000_000_000L, 1 << 20), JournalReadAsOfRequest::decode),
            Case.strict(new JournalReadAsOfReply(true, new byte[] {104, 105}), JournalReadAsOfReply::decode),
            Case.strict(new NodeStatsReply(new NodeStats(java.util.Map.of(Opcode.READ, 7L, Opcode.WRITE, 3L),
                java.util.stream.LongStream.range(0, NodeStats.BUCKETS).boxed().toList(), 12)), NodeStatsReply::decode),
            Case.strict(new NodeReply(node()), NodeReply::decode),
            Case.strict(new EmptyRequest(Opcode.ADMIN_GROUP), in -> EmptyRequest.decode(Opcode.ADMIN_GROUP, in)),
            Case.strict(new GroupTransferRequest("m2"), GroupTransferRequest::decode),
            Case.strict(new GroupMembersRequest(GroupMembersRequest.Action.ADD_SPARE, "s0", "127.0.0.1:7370:7379"),
                GroupMembersRequest::decode),
            Case.strict(new GroupMembersRequest(GroupMembersRequest.Action.REMOVE, "m1", ""), GroupMembersRequest::decode),
            Case.strict(new JournalBranchRequest("docs", 1_700_000_000_000_000L, "docs-then"), JournalBranchRequest::decode),
            Case.strict(new GroupReply(new dev.cage.protocol.GroupInfo("docs", "m1", "m0", 3, 41, List.of(
                new dev.cage.protocol.GroupInfo.Member("m0", "127.0.0.1:7070", "127.0.0.1:7079", "LEADER", 42),
                new dev.cage.protocol.GroupInfo.Member("m1", "127.0.0.1:7170", "127.0.0.1:7179", "SPARE", -1)))), GroupReply::decode),
            Case.strict(new TxStageRequest(BRANCH, 2, 5, 1_700_000_000_123_456_789L, List.of(TxStageRequest.Op.write(10, new byte[] {1, 2, 3}),
                TxStageRequest.Op.truncate(4))), in -> TxStageRequest.decode(in, 1 << 20)),
            Case.strict(new TxPrepareRequest(BRANCH, 3), TxPrepareRequest::decode),
            Case.strict(new TxCommitRequest(BRANCH, true, 3), TxCommitRequest::decode),
            Case.strict(new TxCommitReply(List.of(new ChangedRange(1, 2, 3, 4, 5), new ChangedRange(6, 7, 8, 9, 10))),
                TxCommitReply::decode),
            Case.strict(new TxRollbackRequest(BRANCH), TxRollbackRequest::decode),
            Case.strict(new EmptyRequest(Opcode.TX_RECOVER), in -> EmptyRequest.decode(Opcode.TX_RECOVER, in)),
            Case.strict(new TxRecoverReply(List.of(BRANCH, new BranchId(1, new byte[0], new byte[0]))),
                TxRecoverReply::decode));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void encodeThenDecode_givesTheMessageBackAndReadsTheWholeBody(Case c) throws CageException {
        ByteBuf body = encoded(c.message());

        Message back = c.decoder().decode(body);

        assertThat(body.isReadable()).as("bytes left unread").isFalse();
        assertThat(back).usingRecursiveComparison()
            .withEqualsForType(ByteBufUtil::equals, ByteBuf.class)
            .isEqualTo(c.message());
        assertThat(ByteBufUtil.getBytes(encoded(back))).isEqualTo(ByteBufUtil.getBytes(encoded(c.message())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void decode_bodyCutShort_isMalformed(Case c) {
        byte[] whole = ByteBufUtil.getBytes(encoded(c.message()));
        int mustHave = c.tail() == Tail.STRICT ? whole.length : c.headerBytes();
        for (int cut = 0; cut < mustHave; cut++) {
            ByteBuf truncated = Unpooled.wrappedBuffer(whole, 0, cut);
            assertThatThrownBy(() -> c.decoder().decode(truncated)).as("cut to %d of %d bytes", cut, whole.length)
                .isInstanceOfSatisfying(ProtocolException.class,
                    e -> assertThat(e.status()).isEqualTo(Status.MALFORMED_FRAME));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void decode_oneByteTooMany_isMalformedWhereTheLayoutEnds(Case c) throws CageException {
        ByteBuf body = encoded(c.message()).writeByte(0);
        if (c.tail() != Tail.STRICT) {
            c.decoder().decode(body); // the extra byte is data (or, for HELLO, ignored)
            return;
        }
        assertThatThrownBy(() -> c.decoder().decode(body))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.status()).isEqualTo(Status.MALFORMED_FRAME))
            .hasMessage("1 unexpected bytes after the last field");
    }

    @Test
    void hello_bytesAfterTheVersion_areIgnored() throws ProtocolException {
        ByteBuf body = encoded(HelloRequest.current()).writeLong(7);

        assertThat(HelloRequest.decode(body)).isEqualTo(HelloRequest.current());
    }

    @Test
    void checksums_roundTripWithPages() throws CageException {
        ChecksumsRequest sent = new ChecksumsRequest(5, 4096, List.of(0L, 3L, 1L << 40));

        assertThat(ChecksumsRequest.decode(encoded(sent))).isEqualTo(sent);
    }

    @Test
    void journalTimes_roundTripToTheMostNegativeMicrosecond() {
        for (long us : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE}) {
            assertThat(dev.cage.protocol.JournalEntryInfo.micros(dev.cage.protocol.JournalEntryInfo.fromMicros(us)))
                .isEqualTo(us);
        }
    }

    @Test
    void checksums_countBeyondTheBody_isAnInvalidArgumentAsTheNodeAlwaysSaid() {
        ByteBuf body = encoded(new ChecksumsRequest(5, 4096, List.of(1L, 2L)));
        body.writerIndex(body.writerIndex() - 1);

        assertThatThrownBy(() -> ChecksumsRequest.decode(body)).isInstanceOf(InvalidArgumentException.class)
            .hasMessage("checksums of 2 pages of 4096 bytes: out of range");
    }

    @Test
    void checksums_pageWhoseOffsetOverflows_isMalformed() {
        ByteBuf body = encoded(new ChecksumsRequest(5, 4096, List.of(Long.MAX_VALUE / 1024)));

        assertThatThrownBy(() -> ChecksumsRequest.decode(body)).isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.status()).isEqualTo(Status.MALFORMED_FRAME)).hasMessageContaining("out of range");
    }

    @Test
    void list_countLargerThanTheBodyHolds_isMalformedBeforeAnythingIsAllocated() {
        ByteBuf body = Unpooled.buffer().writeInt(Integer.MAX_VALUE);

        assertThatThrownBy(() -> ListReply.decode(body)).isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.status()).isEqualTo(Status.MALFORMED_FRAME));
    }

    @Test
    void txStage_unknownOpKind_isMalformed() {
        ByteBuf body = Unpooled.buffer();
        BRANCH.writeTo(body);
        body.writeInt(0).writeLong(5).writeLong(42).writeInt(1).writeByte(3).writeLong(0);

        assertThatThrownBy(() -> TxStageRequest.decode(body, 1 << 20)).isInstanceOf(ProtocolException.class)
            .hasMessage("unknown transaction op 3");
    }

    @Test
    void readRequest_peekLength_readsTheLengthOfAReadBodyOnly() {
        ByteBuf body = encoded(new ReadRequest(5, 10, 4096));

        assertThat(ReadRequest.peekLength(body)).hasValue(4096);
        assertThat(body.readerIndex()).isZero();
        assertThat(ReadRequest.peekLength(body.writeByte(0))).isEmpty();
    }

    @Test
    void pathRequest_refusesAnOpcodeWithAnotherLayout() {
        assertThatThrownBy(() -> new PathRequest(Opcode.OPEN, "a")).isInstanceOf(IllegalArgumentException.class);
    }

    private static ByteBuf encoded(Message m) {
        ByteBuf out = Unpooled.buffer();
        m.encode(out);
        return out;
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] digest(int seed) {
        byte[] d = new byte[ChecksumsReply.DIGEST_BYTES];
        d[0] = (byte) seed;
        return d;
    }

    private static JournalEntryInfo entry(long seq, byte[] newBytes) {
        return new JournalEntryInfo(seq, T1, 3, "admin", "WRITE", "docs/a", "", "OK", 0, newBytes.length, 0,
            newBytes.length, newBytes);
    }

    private static SessionInfo session() {
        return new SessionInfo(4, "admin", true, "127.0.0.1:5000", 7071, true, T1, T2, Duration.ofMillis(250), 1,
            List.of(new ChannelInfo(5, "docs/a", OpenMode.EXCLUSIVE, 99, 7, 4096)));
    }

    private static NodeInfo node() {
        return new NodeInfo("1.0", 1, "/srv/cage", "0.0.0.0", 7070, List.of(7071, 7072), false, T1,
            Duration.ofMinutes(5), Duration.ofMinutes(30), true, "h2", 2, 3, 4, 5, 6, 7, 8, 9);
    }
}
