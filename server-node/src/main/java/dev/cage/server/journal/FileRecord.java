package dev.cage.server.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * An entry of the per-file journal: a write with the bytes it wrote and the bytes it overwrote, a truncate with
 * the bytes a shrinking truncate cut off, or a read (metadata only). With the old bytes and the old size a change
 * can be undone; with the new bytes it can be redone. Made by {@link #write}, {@link #truncate} and {@link #read},
 * which throw {@link IllegalArgumentException} for a negative offset, length or size or a path over 4096 characters.
 *
 * <p>The bytes themselves are not in the row: {@link JournalStore#append} writes them in the entry's own record in
 * the write-ahead log, and the row keeps where they lie ({@code NEW_POS}/{@code NEW_LEN}, {@code OLD_POS}/{@code
 * OLD_LEN}; a position is a {@code LogPosition} in its long form, {@code null} when there are no bytes). Read them
 * back through {@link JournalPayloads}. Until it is appended, an entry holds its bytes in memory (not persisted).
 */
@Entity
@Table(name = "CAGE_FILE_JOURNAL", indexes = {
    @Index(name = "CAGE_FILE_PATH_SEQ", columnList = "PATH, SEQ"),
    @Index(name = "CAGE_FILE_TIME", columnList = "TIME_US")})
public final class FileRecord extends JournalEntry {
    @Enumerated(EnumType.STRING)
    @Column(name = "OP", length = 16, nullable = false)
    private FileOp op;

    @Column(name = "FILE_OFFSET", nullable = false)
    private long offset;

    @Column(name = "DATA_LENGTH", nullable = false)
    private long length;

    @Column(name = "NEW_POS")
    private Long newPos;

    @Column(name = "NEW_LEN", nullable = false)
    private long newLen;

    /** Whether the new bytes are a prepared transaction's staged record (written once, at the prepare). */
    @Column(name = "NEW_STAGED", nullable = false)
    private boolean newStaged;

    @Column(name = "OLD_POS")
    private Long oldPos;

    @Column(name = "OLD_LEN", nullable = false)
    private long oldLen;

    /** The bytes until they are in the log; never persisted. */
    @Transient
    private byte[] newBytes;

    @Transient
    private byte[] oldBytes;

    @Column(name = "OLD_SIZE", nullable = false)
    private long oldSize;

    @Column(name = "NEW_SIZE", nullable = false)
    private long newSize;

    /** For JPA. */
    protected FileRecord() {
    }

    private FileRecord(OffsetDateTime time, long sessionId, String path, FileOp op, long offset, long length,
                       byte[] newBytes, byte[] oldBytes, long oldSize, long newSize) {
        super(time, sessionId, path);
        if (offset < 0 || length < 0 || oldSize < 0 || newSize < 0) {
            throw new IllegalArgumentException("offset, length and sizes must not be negative");
        }
        this.op = op;
        this.offset = offset;
        this.length = length;
        this.newBytes = newBytes;
        this.oldBytes = oldBytes;
        this.newLen = newBytes == null ? 0 : newBytes.length;
        this.oldLen = oldBytes == null ? 0 : oldBytes.length;
        this.oldSize = oldSize;
        this.newSize = newSize;
    }

    /**
     * A write of {@code newBytes} at {@code offset}.
     *
     * @param oldBytes the bytes the write overwrote (shorter than {@code newBytes} when it extended the file;
     *                 empty when it wrote past the old end)
     */
    public static FileRecord write(OffsetDateTime time, long sessionId, String path, long offset, byte[] newBytes,
                                   byte[] oldBytes, long oldSize, long newSize) {
        Objects.requireNonNull(newBytes, "newBytes");
        Objects.requireNonNull(oldBytes, "oldBytes");
        return new FileRecord(time, sessionId, path, FileOp.WRITE, offset, newBytes.length, newBytes, oldBytes,
            oldSize, newSize);
    }

    /**
     * A truncate from {@code oldSize} to {@code newSize}.
     *
     * @param cutOff the bytes from {@code newSize} to {@code oldSize} that a shrinking truncate removed; empty when
     *               the file grew
     */
    public static FileRecord truncate(OffsetDateTime time, long sessionId, String path, byte[] cutOff, long oldSize,
                                      long newSize) {
        Objects.requireNonNull(cutOff, "cutOff");
        return new FileRecord(time, sessionId, path, FileOp.TRUNCATE, Math.min(oldSize, newSize),
            Math.abs(oldSize - newSize), null, cutOff, oldSize, newSize);
    }

    /** A read of {@code length} bytes at {@code offset} from a file of {@code size} bytes; no bytes are kept. */
    public static FileRecord read(OffsetDateTime time, long sessionId, String path, long offset, long length,
                                  long size) {
        return new FileRecord(time, sessionId, path, FileOp.READ, offset, length, null, null, size, size);
    }

    public FileOp getOp() {
        return op;
    }

    public long getOffset() {
        return offset;
    }

    /** Bytes written or read; for a truncate, by how much the size changed. */
    public long getLength() {
        return length;
    }

    /** Whether the entry has new bytes (a write, possibly of none); read them with {@link JournalPayloads}. */
    public boolean hasNewBytes() {
        return op == FileOp.WRITE;
    }

    /** Whether the entry has old bytes (a write or a truncate, possibly none); read them with {@link JournalPayloads}. */
    public boolean hasOldBytes() {
        return op != FileOp.READ;
    }

    /** How many new bytes the entry has. */
    public long newLength() {
        return newLen;
    }

    /** How many old bytes the entry has. */
    public long oldLength() {
        return oldLen;
    }

    /** Where the new bytes lie in the write-ahead log ({@code LogPosition} long form); {@code null} if none. */
    Long newPosition() {
        return newPos;
    }

    /** Whether {@link #newPosition()} is a staged record rather than one of its own. */
    boolean newBytesStaged() {
        return newStaged;
    }

    Long oldPosition() {
        return oldPos;
    }

    /** The bytes not yet in the log (an entry not yet appended), else {@code null}. */
    byte[] pendingNewBytes() {
        return newBytes;
    }

    byte[] pendingOldBytes() {
        return oldBytes;
    }

    @Override
    void loggedAt(long position) {
        super.loggedAt(position);
        if (!newStaged) {
            newPos = newLen == 0 ? null : position;
        }
        oldPos = oldLen == 0 ? null : position;
        newBytes = null;
        oldBytes = null;
    }

    /** Where the old bytes start among the bytes of the entry's log record (the new come first; see {@link EntryCodec}). */
    long oldBytesOffset() {
        return newStaged ? 0 : newLen;
    }

    /**
     * The new bytes of this write (not yet appended) already lie in the log, as a prepared transaction's staged
     * bytes ({@link PreparedOp#dataReference()}): the append writes only the old bytes, and the row points at those.
     *
     * @throws IllegalStateException if this is not a write, or it has been appended
     */
    public void newBytesLoggedAt(long stagedReference) {
        if (op != FileOp.WRITE || newBytes == null) {
            throw new IllegalStateException("only a write not yet appended can point at staged bytes: " + this);
        }
        this.newPos = newLen == 0 ? null : stagedReference;
        this.newStaged = true;
        this.newBytes = null;
    }

    public long getOldSize() {
        return oldSize;
    }

    public long getNewSize() {
        return newSize;
    }

    /** Writes what the row holds, but for the positions (which the log gives), to a log record's header. */
    void writeFields(DataOutputStream out) throws IOException {
        out.writeUTF(op.name());
        out.writeLong(offset);
        out.writeLong(length);
        out.writeLong(oldSize);
        out.writeLong(newSize);
        out.writeLong(newLen);
        out.writeBoolean(newStaged);
        out.writeLong(newStaged && newPos != null ? newPos : -1);
        out.writeLong(oldLen);
    }

    /** The entry a log record at {@code position} describes, its header read past the common fields. */
    static FileRecord readFields(long timeMicros, long sessionId, String path, DataInputStream in,
                                 long position) throws IOException {
        FileRecord r = new FileRecord(timeMicros, sessionId, path);
        r.op = FileOp.valueOf(in.readUTF());
        r.offset = in.readLong();
        r.length = in.readLong();
        r.oldSize = in.readLong();
        r.newSize = in.readLong();
        r.newLen = in.readLong();
        r.newStaged = in.readBoolean();
        long staged = in.readLong();
        r.oldLen = in.readLong();
        if (r.newStaged) {
            r.newPos = staged < 0 ? null : staged;
        }
        r.loggedAt(position);
        return r;
    }

    private FileRecord(long timeMicros, long sessionId, String path) {
        super(timeMicros, sessionId, path);
    }

    @Override
    public String toString() {
        return "FileRecord[seq=" + getSeq() + ", time=" + getTime() + ", session=" + getSessionId() + ", " + op
            + " '" + getPath() + "' @" + offset + "+" + length + ", size " + oldSize + " -> " + newSize + "]";
    }
}
