package dev.cage.protocol;

/** Constants both ends agree on. */
public final class Protocol {
    /** {@code "CAGE"} in ASCII: the first four body bytes of every HELLO. */
    public static final int MAGIC = 0x43414745;
    /** The protocol version this code speaks. A server refuses any other with {@link Status#UNSUPPORTED_VERSION}. */
    public static final int VERSION = 4;
    /** Default limit on the length field of a frame: 1 MiB of data plus headers. */
    public static final int DEFAULT_MAX_FRAME_SIZE = (1 << 20) + 64;
    /** Room kept in a frame for the fields around the data of a READ reply or WRITE request. */
    public static final int DATA_OVERHEAD = 64;
    /** The request id the server uses for frames it sends unasked (errors before a request could be read). */
    public static final int UNSOLICITED = 0;
    /** Longest accepted path, in UTF-8 bytes. */
    public static final int MAX_PATH_BYTES = 4096;

    private Protocol() {
    }
}
