package dev.cage.api;

import java.util.List;

/**
 * A connection handle to the Cage nodes of a {@link CageConnectionFactory}: the operations of the plain
 * {@code Cage} client, with transactions.
 *
 * <p><b>Transactions.</b> Inside a JTA transaction (container-managed, bean-managed or a local one),
 * {@link #write}, {@link #writePage} and {@link #truncate} are staged: this transaction reads them back
 * ({@link #read}, {@link #readPage}, {@link #size}), nobody else sees them, and they become durable and visible
 * to everyone at commit, or vanish at rollback. Namespace operations ({@link #create}, {@link #rename},
 * {@link #remove}, {@link #mkdir}, {@link #rmdir}) are not transactional: they take effect at once. Closing a
 * file inside a transaction takes effect when the transaction ends, because the staged writes are sent then.
 *
 * <p>Application failures are checked {@link CageException}s of a specific type (a missing file, a
 * conflicting open, a file locked by a prepared transaction); a lost node is a
 * {@link ServerUnavailableException}, after which the container drops the pooled connection. Every method
 * of a closed handle throws {@link ChannelClosedException}.
 */
public interface CageConnection extends AutoCloseable {

    /** Server names this connection can reach, in configuration order. */
    List<String> servers();

    /** Page size of the connection factory's page cache, in bytes. */
    int pageSize();

    void create(String server, String path) throws CageException;

    void mkdir(String server, String path) throws CageException;

    void rmdir(String server, String path) throws CageException;

    void remove(String server, String path) throws CageException;

    void rename(String server, String from, String to) throws CageException;

    FileInfo stat(String server, String path) throws CageException;

    List<FileInfo> list(String server, String path) throws CageException;

    /**
     * Opens an existing file.
     *
     * @throws CageFileNotFoundException if it does not exist
     * @throws SharingConflictException  if another open's mode excludes {@code mode}
     */
    CageFile open(String server, String path, OpenMode mode) throws CageException;

    /** Opens a file, creating it first when {@code create} is true and it does not exist. */
    CageFile open(String server, String path, OpenMode mode, boolean create) throws CageException;

    /** Closes the file; inside a transaction, once the transaction has ended. */
    void close(CageFile file) throws CageException;

    /** Up to {@code length} bytes from {@code offset}; fewer at the end of the file. */
    byte[] read(CageFile file, long offset, int length) throws CageException;

    /**
     * Reads into {@code dst}.
     *
     * @return the number of bytes read, or -1 if {@code offset} is at or past the end of the file
     */
    int read(CageFile file, long offset, byte[] dst, int off, int len) throws CageException;

    /** Writes {@code data} at {@code offset}, growing the file if needed. */
    void write(CageFile file, long offset, byte[] data) throws CageException;

    void truncate(CageFile file, long size) throws CageException;

    /** The file's size as this connection (and its transaction) sees it. */
    long size(CageFile file) throws CageException;

    /** Page {@code pageNo} of the file ({@link #pageSize()} bytes, fewer for the last page). */
    byte[] readPage(CageFile file, long pageNo) throws CageException;

    void writePage(CageFile file, long pageNo, byte[] bytes) throws CageException;

    /** Pushes the file's dirty cached pages to its node. Staged transactional writes wait for commit. */
    void putPages(CageFile file) throws CageException;

    /** Pushes every dirty cached page of the connection factory's client. */
    void pushAll() throws CageException;

    /** Page cache counters of the connection factory's client. */
    CacheStats cacheStats();

    /**
     * Where the connection factory's client got its pages: local hits, hits in the cluster-shared page cache
     * ({@code sharedCache=true}), pages read from the servers, and the shared tier's counters.
     */
    TierStats tierStats();

    /**
     * The operation journal of a server: a file's history, rollback of a file to an instant, statistics.
     * The factory's user needs the admin role. Its calls go through this connection.
     */
    CageJournal journal(String server) throws CageException;

    /**
     * A server's live sessions with their open files, and its facts and counters. Needs the admin role. Its calls go
     * through this connection.
     */
    CageNodeAdmin admin(String server) throws CageException;

    /** Releases this handle (the container keeps the pooled connection); later calls fail. */
    @Override
    void close() throws CageException;
}
