package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;

/** A message that is answered by one RESPONSE frame; it knows the opcode it is sent under. */
public sealed interface Request extends Message
    permits HelloRequest, AuthStartRequest, AuthProofRequest, AttachRequest, PathRequest, ListPageRequest, RenameRequest, OpenRequest,
            FileRequest, InvalidateRequest, JournalQueryRequest, JournalRollbackRequest, AdminSessionsRequest,
            AdminEndSessionRequest, UserPutRequest, UserEnableRequest, JournalReadAsOfRequest, GroupTransferRequest,
            GroupMembersRequest, JournalBranchRequest,
            EmptyRequest, TxStageRequest, TxPrepareRequest, TxCommitRequest, TxRollbackRequest {
    Opcode opcode();
}
