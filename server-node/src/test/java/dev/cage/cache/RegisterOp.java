package dev.cage.cache;

/**
 * One call in a register history: which client made it, on which register, whether it wrote, the value written or
 * read, and when it was called and returned ({@link System#nanoTime}, which on Linux is one clock for every process
 * of the machine, so histories of several JVMs can be merged).
 */
record RegisterOp(String client, int register, boolean write, long value, long called, long returned) {

    /** One line of text, as a client in another JVM hands its history over. */
    String toLine() {
        return client + " " + register + " " + (write ? "W" : "R") + " " + value + " " + called + " " + returned;
    }

    static RegisterOp parse(String line) {
        String[] f = line.trim().split(" ");
        return new RegisterOp(f[0], Integer.parseInt(f[1]), f[2].equals("W"), Long.parseLong(f[3]), Long.parseLong(f[4]),
            Long.parseLong(f[5]));
    }

    @Override
    public String toString() {
        return (write ? "write " : "read ") + value + " by " + client + " [" + called + ", " + returned + "]";
    }
}
