package dev.cage.client;

import dev.cage.protocol.OpenMode;
import dev.cage.protocol.ProtocolException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The hibernation dump: the page cache and the open channels of a {@link Cage}, in a file.
 *
 * <pre>
 * "CAGEDUMP"                          8 bytes of magic
 * record*                             each: int32 length, uint8 type, payload, int32 CRC32C of type+payload
 *   HEADER  (1) int32 format, int32 page size, UTF cage name
 *   FILE    (2) UTF server, int64 file id, int64 version, int64 size, UTF path
 *   CHANNEL (3) UTF server, UTF path, uint8 mode, int64 file id, int64 position
 *   PAGE    (4) UTF server, int64 file id, int64 page no, uint8 stale, int32 n, n × (int32 from, int32 to)
 *               dirty ranges, int32 length, length bytes
 *   END     (0) int64 files, int64 channels, int64 pages
 * </pre>
 * Written to a temporary file, forced to disk and moved into place, so a crash mid-way leaves the old
 * dump or none. Read back whole and checked (every CRC, the END counts) before any of it is used.
 */
final class HibernationDump {
    static final byte[] MAGIC = "CAGEDUMP".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final int FORMAT = 1;
    private static final int HEADER = 1;
    private static final int FILE = 2;
    private static final int CHANNEL = 3;
    private static final int PAGE = 4;
    private static final int END = 0;

    record FileEntry(String server, long fileId, long version, long size, String path) {
    }

    record ChannelEntry(String server, String path, OpenMode mode, long fileId, long position) {
    }

    record PageEntry(String server, long fileId, long pageNo, boolean stale, List<int[]> dirty, byte[] data, int length) {
        boolean isDirty() {
            return !dirty.isEmpty();
        }
    }

    record Contents(String cageName, int pageSize, List<FileEntry> files, List<ChannelEntry> channels, List<PageEntry> pages) {
    }

    private HibernationDump() {
    }

    static void write(Path target, Contents c, ProgressListener progress) throws HibernationException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        long total = c.pages().stream().mapToLong(PageEntry::length).sum();
        try (FileChannel fc = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                 StandardOpenOption.TRUNCATE_EXISTING);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(fc), 1 << 20))) {
            out.write(MAGIC);
            record(out, HEADER, d -> {
                d.writeInt(FORMAT);
                d.writeInt(c.pageSize());
                d.writeUTF(c.cageName());
            });
            for (FileEntry f : c.files()) {
                record(out, FILE, d -> {
                    d.writeUTF(f.server());
                    d.writeLong(f.fileId());
                    d.writeLong(f.version());
                    d.writeLong(f.size());
                    d.writeUTF(f.path());
                });
            }
            for (ChannelEntry ch : c.channels()) {
                record(out, CHANNEL, d -> {
                    d.writeUTF(ch.server());
                    d.writeUTF(ch.path());
                    d.writeByte(ch.mode().code());
                    d.writeLong(ch.fileId());
                    d.writeLong(ch.position());
                });
            }
            long done = 0;
            for (PageEntry p : c.pages()) {
                record(out, PAGE, d -> {
                    d.writeUTF(p.server());
                    d.writeLong(p.fileId());
                    d.writeLong(p.pageNo());
                    d.writeByte(p.stale() ? 1 : 0);
                    d.writeInt(p.dirty().size());
                    for (int[] r : p.dirty()) {
                        d.writeInt(r[0]);
                        d.writeInt(r[1]);
                    }
                    d.writeInt(p.length());
                    d.write(p.data(), 0, p.length());
                });
                done += p.length();
                progress.progress("hibernate", done, total);
            }
            record(out, END, d -> {
                d.writeLong(c.files().size());
                d.writeLong(c.channels().size());
                d.writeLong(c.pages().size());
            });
            out.flush();
            fc.force(true);
        } catch (IOException e) {
            throw new HibernationException("cannot write hibernation dump " + target + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HibernationException("cannot move hibernation dump into place at " + target + ": " + e.getMessage(), e);
        }
    }

    static Contents read(Path source, int expectedPageSize, ProgressListener progress) throws HibernationException {
        long total;
        try {
            total = Files.size(source);
        } catch (IOException e) {
            throw new HibernationException("cannot read hibernation dump " + source + ": " + e.getMessage(), e);
        }
        try (CountingInput counting = new CountingInput(new BufferedInputStream(Files.newInputStream(source), 1 << 20));
             DataInputStream in = new DataInputStream(counting)) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new HibernationException(source + " is not a Cage hibernation dump (wrong magic)");
            }
            int maxRecord = Math.max(1 << 16, expectedPageSize + (1 << 16));
            RecordBuffer buffer = new RecordBuffer();
            DataInputStream header = next(in, HEADER, maxRecord, buffer);
            int format = header.readInt();
            if (format != FORMAT) {
                throw new HibernationException("hibernation dump format " + format + " is not supported (expected " + FORMAT + ")");
            }
            int pageSize = header.readInt();
            String name = header.readUTF();
            if (pageSize != expectedPageSize) {
                throw new HibernationException("hibernation dump has pages of " + pageSize + " bytes; this Cage uses " + expectedPageSize);
            }
            List<FileEntry> files = new ArrayList<>();
            List<ChannelEntry> channels = new ArrayList<>();
            List<PageEntry> pages = new ArrayList<>();
            while (true) {
                int[] type = new int[1];
                DataInputStream r = next(in, -1, maxRecord, buffer, type);
                switch (type[0]) {
                    case FILE -> files.add(new FileEntry(r.readUTF(), r.readLong(), r.readLong(), r.readLong(), r.readUTF()));
                    case CHANNEL -> {
                        String server = r.readUTF();
                        String path = r.readUTF();
                        OpenMode mode = OpenMode.of(r.readUnsignedByte());
                        channels.add(new ChannelEntry(server, path, mode, r.readLong(), r.readLong()));
                    }
                    case PAGE -> pages.add(readPage(r, pageSize));
                    case END -> {
                        if (r.readLong() != files.size() || r.readLong() != channels.size() || r.readLong() != pages.size()) {
                            throw new HibernationException("hibernation dump " + source + " is damaged: its record counts do not match");
                        }
                        return new Contents(name, pageSize, files, channels, pages);
                    }
                    default -> throw new HibernationException("hibernation dump " + source + " is damaged: unknown record type " + type[0]);
                }
                progress.progress("wake", counting.count, total);
            }
        } catch (EOFException e) {
            throw new HibernationException("hibernation dump " + source + " is truncated");
        } catch (ProtocolException e) {
            throw new HibernationException("hibernation dump " + source + " is damaged: " + e.getMessage());
        } catch (HibernationException e) {
            throw e;
        } catch (IOException e) {
            throw new HibernationException("cannot read hibernation dump " + source + ": " + e.getMessage(), e);
        }
    }

    private static PageEntry readPage(DataInputStream r, int pageSize) throws IOException {
        String server = r.readUTF();
        long fileId = r.readLong();
        long pageNo = r.readLong();
        boolean stale = r.readUnsignedByte() != 0;
        int n = r.readInt();
        if (n < 0 || n > pageSize) {
            throw new HibernationException("hibernation dump is damaged: " + n + " dirty ranges in one page");
        }
        List<int[]> dirty = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int from = r.readInt();
            int to = r.readInt();
            if (from < 0 || to > pageSize || from >= to) {
                throw new HibernationException("hibernation dump is damaged: dirty range " + from + ".." + to);
            }
            dirty.add(new int[] {from, to});
        }
        int length = r.readInt();
        if (length < 0 || length > pageSize) {
            throw new HibernationException("hibernation dump is damaged: a page of " + length + " bytes");
        }
        byte[] data = new byte[pageSize];
        r.readFully(data, 0, length);
        return new PageEntry(server, fileId, pageNo, stale, dirty, data, length);
    }

    @FunctionalInterface
    private interface Payload {
        void write(DataOutputStream d) throws IOException;
    }

    private static void record(DataOutputStream out, int type, Payload payload) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(buf);
        d.writeByte(type);
        payload.write(d);
        byte[] bytes = buf.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.writeInt((int) crc.getValue());
    }

    private static DataInputStream next(DataInputStream in, int expectedType, int maxRecord, RecordBuffer buffer)
        throws IOException {
        return next(in, expectedType, maxRecord, buffer, new int[1]);
    }

    /**
     * Reads one record into {@code buffer}, checks its length and CRC, and returns a stream over its payload,
     * valid until the next record is read into the same buffer.
     */
    private static DataInputStream next(DataInputStream in, int expectedType, int maxRecord, RecordBuffer buffer,
                                        int[] typeOut) throws IOException {
        int len = in.readInt();
        if (len < 1 || len > maxRecord) {
            throw new HibernationException("hibernation dump is damaged: a record of " + len + " bytes");
        }
        byte[] bytes = buffer.atLeast(len);
        in.readFully(bytes, 0, len);
        int stored = in.readInt();
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, len);
        if ((int) crc.getValue() != stored) {
            throw new HibernationException("hibernation dump is damaged: a record fails its checksum");
        }
        typeOut[0] = bytes[0];
        if (expectedType >= 0 && bytes[0] != expectedType) {
            throw new HibernationException("hibernation dump is damaged: record type " + bytes[0] + " where " + expectedType + " belongs");
        }
        return new DataInputStream(new java.io.ByteArrayInputStream(bytes, 1, len - 1));
    }

    /** One array for every record read, grown as needed: a dump of many pages is not allocated twice over. */
    private static final class RecordBuffer {
        private byte[] bytes = new byte[1 << 12];

        byte[] atLeast(int n) {
            if (bytes.length < n) {
                bytes = new byte[n]; // records are at most a page and a little: this happens a few times at most
            }
            return bytes;
        }
    }

    /** Counts the bytes read, for progress. */
    private static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

}
