package dev.cage.fuse;

import dev.cage.protocol.CageException;
import dev.cage.protocol.ServerUnavailableException;
import ru.serce.jnrfuse.ErrorCodes;

/** The node's errors as the negative errno a FUSE operation returns, so programs see the error they know. */
final class Errno {
    private Errno() {
    }

    /** A failure that is not the node's answer (a stream's local error, for one) is {@code EIO}. */
    static int of(java.io.IOException e) {
        return e instanceof CageException c ? of(c) : -ErrorCodes.EIO();
    }

    static int of(CageException e) {
        if (e instanceof ServerUnavailableException) {
            return -ErrorCodes.EIO();
        }
        return -switch (e.status()) {
            case NOT_FOUND -> ErrorCodes.ENOENT();
            case ALREADY_EXISTS -> ErrorCodes.EEXIST();
            case NOT_A_DIRECTORY -> ErrorCodes.ENOTDIR();
            case IS_A_DIRECTORY -> ErrorCodes.EISDIR();
            case DIRECTORY_NOT_EMPTY -> ErrorCodes.ENOTEMPTY();
            case SHARING_CONFLICT, FILE_BUSY, FILE_LOCKED -> ErrorCodes.EBUSY();
            case ACCESS_DENIED, AUTH_FAILED -> ErrorCodes.EACCES();
            case INVALID_PATH, INVALID_ARGUMENT -> ErrorCodes.EINVAL();
            case READ_ONLY_CHANNEL, CHANNEL_CLOSED -> ErrorCodes.EBADF();
            default -> e.getMessage() != null && e.getMessage().contains("No space left") ? ErrorCodes.ENOSPC()
                : ErrorCodes.EIO();
        };
    }
}
