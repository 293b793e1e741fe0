package dev.cage.protocol.message;

import dev.cage.protocol.CageException;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.LimitReachedException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Status;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * CHECKSUMS: digests of some pages of an open file, so a waking client keeps the cached pages that are still current
 * without reading them again. Answered by {@link ChecksumsReply}.
 *
 * <pre>
 * +-----------+-------------+-----------+------------------------+
 * | handle    | page size   | count     | count x page number    |
 * | int64     | int32       | int32     | int64                  |
 * +-----------+-------------+-----------+------------------------+
 * </pre>
 */
public record ChecksumsRequest(long handle, int pageSize, List<Long> pageNumbers) implements FileRequest {
    /** The largest page size a node digests (the client's largest page). */
    public static final int MAX_PAGE_SIZE = 16 << 20;
    /** Most bytes one request may ask the node to digest: it bounds the disk and CPU one request can take. */
    public static final long MAX_BYTES = 256L << 20;
    /** Most pages one request names, whatever their size. */
    public static final int MAX_PAGES = 4096;

    /** How many pages of {@code pageSize} one request may name. */
    public static int maxPages(int pageSize) {
        return (int) Math.max(1, Math.min(MAX_PAGES, MAX_BYTES / pageSize));
    }

    public ChecksumsRequest {
        pageNumbers = List.copyOf(pageNumbers);
    }

    @Override
    public Opcode opcode() {
        return Opcode.CHECKSUMS;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeLong(handle).writeInt(pageSize).writeInt(pageNumbers.size());
        for (long p : pageNumbers) {
            out.writeLong(p);
        }
    }

    /**
     * Reads the request; a page size or count out of range is refused with {@code INVALID_ARGUMENT} before the page
     * numbers are read (as nodes always have), a page number whose offset does not fit an int64 as malformed.
     */
    public static ChecksumsRequest decode(ByteBuf in) throws CageException {
        long handle = Wire.readLong(in);
        int pageSize = Wire.readInt(in);
        int count = Wire.readInt(in);
        if (pageSize <= 0 || pageSize > MAX_PAGE_SIZE || count < 0 || count > in.readableBytes() / Long.BYTES) {
            throw new InvalidArgumentException("checksums of " + count + " pages of " + pageSize + " bytes: out of range");
        }
        if (count > maxPages(pageSize)) {
            throw new LimitReachedException("checksums of " + count + " pages of " + pageSize + " bytes: a request may"
                + " name at most " + maxPages(pageSize) + " pages of that size (" + MAX_BYTES + " bytes, " + MAX_PAGES
                + " pages)");
        }
        List<Long> pages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long pageNo = Wire.readLong(in);
            if (pageNo < 0 || pageNo > Long.MAX_VALUE / pageSize) {
                throw new ProtocolException(Status.MALFORMED_FRAME, "page number " + pageNo + " out of range");
            }
            pages.add(pageNo);
        }
        Wire.end(in);
        return new ChecksumsRequest(handle, pageSize, pages);
    }
}
