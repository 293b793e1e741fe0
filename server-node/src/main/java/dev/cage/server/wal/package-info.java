/**
 * The node's write-ahead log: an append-only, checksummed segment log with group commit ({@link
 * dev.cage.server.wal.SegmentLog}), meant to sit under the JPA journal (issue 12) and to hold every journal record
 * with its payload. The record layout is drawn in {@code RecordCodec}; the writer's concurrency design is the block
 * comment at the top of {@code LogWriter}; what opening after a crash cuts and refuses is in {@code LogRecovery}.
 *
 * <p>Guarantees: a record's future completes only after a force covering it has returned; all records queued while a
 * force runs share the next one; after a crash the log opens with every acknowledged record, minus nothing, and
 * refuses (naming segment and offset) rather than open over a damaged acknowledged record. Depends on the JDK only.
 */
package dev.cage.server.wal;
