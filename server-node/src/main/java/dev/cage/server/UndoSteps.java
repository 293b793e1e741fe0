package dev.cage.server;

import java.io.IOException;

/**
 * Where a rollback's undo steps go: straight to this node's tree with their journal entries ({@link LocalUndo}), or,
 * in a replicated group, into the group's log as ordinary changes that every member applies ({@link ReplicatedUndo}).
 * Each step returns once the tree shows it, so the rollback decides its next step from the tree as it is.
 */
interface UndoSteps {
    /** Whether the steps go through the group's log (the rollback must then hold no journal lock meanwhile). */
    boolean replicated();

    void write(String path, long offset, byte[] bytes) throws IOException;

    /** Cuts or extends a file to {@code size}; nothing if it has that size already. */
    void truncate(String path, long size) throws IOException;

    void rename(String from, String to) throws IOException;

    /** Removes a file, keeping it in the trash as any remove does. */
    void remove(String path) throws IOException;

    void rmdir(String path) throws IOException;

    /** Brings a removed file back with {@code content}. */
    void restore(String path, byte[] content) throws IOException;

    void mkdir(String path) throws IOException;

    /** Returns once every step is durable. */
    void finish() throws IOException;

    /** How many steps were taken. */
    int count();
}
