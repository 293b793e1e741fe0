package dev.cage.protocol;

/**
 * A write, truncate, remove, rename or prepare that touches a file locked by a prepared transaction branch. The
 * lock holds from that branch's prepare until it is committed or rolled back; readers still see the last committed
 * bytes meanwhile.
 */
public class FileLockedException extends CageException {
    private static final long serialVersionUID = 1L;

    public FileLockedException(String message) {
        super(Status.FILE_LOCKED, message);
    }
}
