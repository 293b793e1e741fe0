/**
 * The operation journal: every change a node makes, stored through JPA (EclipseLink) in an embedded H2
 * database in the node's data directory, or in PostgreSQL by configuration.
 *
 * <p>Two kinds of entries share one global order, their {@code seq}: {@link dev.cage.server.journal.NamespaceRecord}
 * (the general journal: sessions, create, open, close, rename, remove, directories, checkpoints) and
 * {@link dev.cage.server.journal.FileRecord} (the per-file journal: each write with the bytes it overwrote,
 * truncates, reads as metadata). {@link dev.cage.server.journal.JournalStore} appends them with group commit and
 * answers the queries that rollback, replay and crash recovery need.
 */
package dev.cage.server.journal;
