package dev.cage.server;

/** A rule that keeps a fuzzed request from being sent (see {@link BystanderGuard} and {@link FileSpanBound}). */
@FunctionalInterface
interface HeldBack {
    boolean holdsBack(int opcode, byte[] body);

    default HeldBack or(HeldBack other) {
        return (opcode, body) -> holdsBack(opcode, body) || other.holdsBack(opcode, body);
    }
}
