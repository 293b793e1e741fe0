package dev.cage.protocol.message;

import dev.cage.protocol.CageException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.Protocol;
import io.netty.buffer.ByteBuf;

/**
 * Which decoder reads the bodies of each opcode, as {@link Opcode}'s Javadoc names them: the request (what the node,
 * or for INVALIDATE and PROGRESS the client, reads) and the result of its reply (what the client reads after the
 * status). The switch has no default, so a new opcode does not compile until it is listed here and fuzzed.
 */
final class OpcodeBodies {
    @FunctionalInterface
    interface Decoder {
        Message decode(ByteBuf in) throws CageException;
    }

    /** The two decoders of one opcode; {@code null} where that body is empty or never sent. */
    record Decoders(Decoder request, Decoder reply) {
    }

    private OpcodeBodies() {
    }

    /** @param pages how many pages a CHECKSUMS reply answers for: the count comes from its request, not its body */
    static Decoders of(Opcode op, int pages) {
        return switch (op) {
            case HELLO -> both(HelloRequest::decode, HelloReply::decode);
            case RESPONSE -> new Decoders(null, null); // its body is another opcode's reply
            case AUTH_START -> both(AuthStartRequest::decode, AuthStartReply::decode);
            case AUTH_PROOF -> both(AuthProofRequest::decode, AuthProofReply::decode);
            case ATTACH -> both(AttachRequest::decode, AttachReply::decode);
            case CREATE, REMOVE, MKDIR, RMDIR -> request(in -> PathRequest.decode(op, in));
            case RENAME -> request(RenameRequest::decode);
            case LIST -> both(in -> PathRequest.decode(op, in), ListReply::decode);
            case STAT -> both(in -> PathRequest.decode(op, in), StatReply::decode);
            case STATFS -> both(in -> PathRequest.decode(op, in), SpaceReply::decode);
            case LIST_PAGE -> both(ListPageRequest::decode, ListPageReply::decode);
            case OPEN -> both(OpenRequest::decode, OpenReply::decode);
            case CLOSE, SYNC -> request(in -> HandleRequest.decode(op, in));
            case FSTAT -> both(in -> HandleRequest.decode(op, in), StatReply::decode);
            case READ -> both(ReadRequest::decode, ReadReply::decode);
            case WRITE -> both(WriteRequest::decode, WriteReply::decode);
            case TRUNCATE -> both(TruncateRequest::decode, TruncateReply::decode);
            case CHECKSUMS -> both(ChecksumsRequest::decode, in -> ChecksumsReply.decode(in, pages));
            case INVALIDATE -> request(InvalidateRequest::decode);
            case PROGRESS -> request(Progress::decode);
            case JOURNAL_QUERY -> both(JournalQueryRequest::decode, JournalQueryReply::decode);
            case JOURNAL_ROLLBACK -> both(JournalRollbackRequest::decode, JournalRollbackReply::decode);
            case JOURNAL_STATS -> both(in -> EmptyRequest.decode(op, in), JournalStatsReply::decode);
            case ADMIN_SESSIONS -> both(AdminSessionsRequest::decode, AdminSessionsReply::decode);
            case ADMIN_NODE -> both(in -> EmptyRequest.decode(op, in), NodeReply::decode);
            case ADMIN_END_SESSION -> request(AdminEndSessionRequest::decode);
            case ADMIN_STATS -> both(in -> EmptyRequest.decode(op, in), NodeStatsReply::decode);
            case ADMIN_USERS -> both(in -> EmptyRequest.decode(op, in), UsersReply::decode);
            case ADMIN_USER_PUT -> both(UserPutRequest::decode, UserSecretReply::decode);
            case ADMIN_USER_ENABLE -> request(UserEnableRequest::decode);
            case TX_STAGE -> request(in -> TxStageRequest.decode(in, Protocol.DEFAULT_MAX_FRAME_SIZE));
            case TX_PREPARE -> request(TxPrepareRequest::decode);
            case TX_COMMIT -> both(TxCommitRequest::decode, TxCommitReply::decode);
            case TX_ROLLBACK -> request(TxRollbackRequest::decode);
            case TX_RECOVER -> both(in -> EmptyRequest.decode(op, in), TxRecoverReply::decode);
            case JOURNAL_READ_AS_OF -> both(JournalReadAsOfRequest::decode, JournalReadAsOfReply::decode);
            case ADMIN_GROUP -> both(in -> EmptyRequest.decode(op, in), GroupReply::decode);
            case ADMIN_GROUP_TRANSFER -> request(GroupTransferRequest::decode);
            case ADMIN_GROUP_MEMBERS -> request(GroupMembersRequest::decode);
            case JOURNAL_BRANCH -> both(JournalBranchRequest::decode, JournalRollbackReply::decode);
        };
    }

    private static Decoders both(Decoder request, Decoder reply) {
        return new Decoders(request, reply);
    }

    private static Decoders request(Decoder request) {
        return new Decoders(request, null);
    }
}
