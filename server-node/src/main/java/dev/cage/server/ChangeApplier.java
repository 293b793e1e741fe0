package dev.cage.server;

import dev.cage.protocol.BranchId;
import dev.cage.protocol.CageException;
import dev.cage.server.group.RaftMember;
import dev.cage.server.journal.ChangeOrigin;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;

/**
 * Applies the group's changes to this member's tree, each through the journal as the node applies a change of its
 * own, in log order (Ratis calls it from one thread). A change the tree refuses (the file is gone, the name is
 * taken) is answered with the refusal, the same on every member.
 */
final class ChangeApplier implements RaftMember.Applier {
    private static final System.Logger LOG = System.getLogger(ChangeApplier.class.getName());
    private final FileService files;
    private final FileTable table;
    private final TxApplier writer;
    private final Journaling journal;
    private final TransactionService transactions;
    private final GroupVersions versions;

    ChangeApplier(FileService files, FileTable table, TxApplier writer, Journaling journal,
                  TransactionService transactions, GroupVersions versions) {
        this.versions = versions;
        this.transactions = transactions;
        this.files = files;
        this.table = table;
        this.writer = writer;
        this.journal = journal;
    }

    @Override
    public byte[] apply(byte[] encoded, long index, int position, int journaled) throws IOException {
        try (Journaling.Change applying = journal.applying(index, position, journaled)) {
            return apply(encoded);
        }
    }

    /** Applies a change that is no entry of the group's log (a step of copying another member's tree). */
    byte[] apply(byte[] encoded) throws IOException {
        ReplicatedChange c = ReplicatedChange.decode(encoded);
        Session s = c.origin();
        try (GroupVersions.Scope stamped = versions.applying(c.stamp())) {
            ChangeAnswer answer = switch (c.kind()) {
                case WRITE, TRUNCATE -> onFile(s, c);
                case CREATE, MKDIR -> {
                    files.applyCreate(s, c.key(), c.kind() == ReplicatedChange.Kind.MKDIR);
                    if (c.kind() == ReplicatedChange.Kind.CREATE) {
                        versions.created(c.key());
                    }
                    yield ChangeAnswer.DONE;
                }
                case REMOVE -> {
                    closeChannels(c.key(), true);
                    files.applyRemove(s, c.key(), c.trashRef());
                    yield ChangeAnswer.DONE;
                }
                case RMDIR -> {
                    closeChannels(c.key(), true);
                    files.applyRmdir(s, c.key());
                    yield ChangeAnswer.DONE;
                }
                case RENAME -> {
                    closeChannels(c.key(), false); // an open file moves with its channels; not into a moved directory
                    files.applyRename(s, c.key(), c.key2());
                    yield ChangeAnswer.DONE;
                }
                case TX_APPLY -> {
                    writer.applyUnheld(s, TxOpsCodec.decode(c.data()), FileTable.Step.NONE);
                    yield ChangeAnswer.DONE;
                }
                case TX_PREPARE -> {
                    transactions.applyPrepare(s, BranchId.parse(c.key()), TxOpsCodec.decode(c.data()));
                    yield ChangeAnswer.DONE;
                }
                case TX_COMMIT -> {
                    transactions.applyCommit(s, BranchId.parse(c.key()));
                    yield ChangeAnswer.DONE;
                }
                case TX_ROLLBACK -> {
                    transactions.applyRollback(s, BranchId.parse(c.key()));
                    yield ChangeAnswer.DONE;
                }
                case MARK -> {
                    if (!table.isOpen(c.key())) { // a follower-read session's open file keeps what it was told
                        versions.markUnchanged(c.key());
                    }
                    yield ChangeAnswer.DONE;
                }
            };
            return answer.encode();
        } catch (CageException | NoSuchFileException | FileAlreadyExistsException | DirectoryNotEmptyException
                 | NotDirectoryException e) {
            ErrorMapping.Mapped m = ErrorMapping.map(e, c.key());
            return ChangeAnswer.refused(m.status(), m.message()).encode();
        }
    }

    /**
     * Before a removal or rename the leader has decided on: channels this member's sessions hold there (follower
     * reads; the leader checked its own) would make this member alone refuse it, so they are closed.
     */
    private void closeChannels(String key, boolean itself) {
        int closed = table.closeChannels(key, itself);
        if (closed > 0) {
            LOG.log(System.Logger.Level.INFO, "closed {0} channel(s) on ''{1}'': the group removes or moves it", closed, key);
        }
    }

    @Override
    public RaftMember.Journaled journaled() {
        ChangeOrigin newest = journal.newestOrigin();
        return newest == null ? null : new RaftMember.Journaled(newest.index(), newest.change(), newest.entry() + 1);
    }

    /** The journal's checkpoint forces every file changed since the last one; without a journal nothing does. */
    @Override
    public boolean makeDurable() {
        return journal.checkpoint();
    }

    private ChangeAnswer onFile(Session s, ReplicatedChange c) throws IOException {
        FileState f = table.pin(c.key());
        try (Journaling.Change j = journal.begin()) {
            TxOp op = c.kind() == ReplicatedChange.Kind.WRITE ? TxOp.write(c.position(), c.data()) : TxOp.truncate(c.position());
            Change change = writer.applyTo(s, f, List.of(op));
            return change == null ? ChangeAnswer.unchanged(f.version(), c.position()) : ChangeAnswer.of(change);
        } finally {
            table.unpin(f);
        }
    }
}
