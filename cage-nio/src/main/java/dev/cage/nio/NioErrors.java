package dev.cage.nio;

import dev.cage.protocol.CageException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The node's errors as the {@code java.nio.file} exceptions programs catch, each keeping the node's as its cause. */
final class NioErrors {
    private NioErrors() {
    }

    /**
     * {@code e} for {@code file} (and {@code other}, the second path of a move or copy, or null): not found, exists,
     * not a directory, directory not empty and access denied become their own types; everything else is a
     * {@link FileSystemException} whose reason is the node's message.
     */
    static FileSystemException of(CageException e, Object file, Object other) {
        String f = file == null ? null : file.toString();
        String o = other == null ? null : other.toString();
        FileSystemException nio = switch (e.status()) {
            case NOT_FOUND -> new NoSuchFileException(f, o, e.getMessage());
            case ALREADY_EXISTS -> new FileAlreadyExistsException(f, o, e.getMessage());
            case NOT_A_DIRECTORY -> new NotDirectoryException(f);
            case DIRECTORY_NOT_EMPTY -> new DirectoryNotEmptyException(f);
            case ACCESS_DENIED -> new AccessDeniedException(f, o, e.getMessage());
            default -> new FileSystemException(f, o, e.getMessage());
        };
        nio.initCause(e);
        return nio;
    }
}
