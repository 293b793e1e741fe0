package dev.cage.protocol;

import java.util.Arrays;

/**
 * Reads a fuzzer's input from the front, big-endian, and never fails: past the end every number is 0 and every
 * byte run is cut short. Reading from the front (unlike Jazzer's {@code FuzzedDataProvider}, which takes numbers from
 * the back) keeps seed files easy to write by hand: they are the fields in order.
 */
final class FuzzInput {
    private final byte[] data;
    private int pos;

    FuzzInput(byte[] data) {
        this.data = data;
    }

    boolean hasMore() {
        return pos < data.length;
    }

    int u8() {
        return pos < data.length ? data[pos++] & 0xFF : 0;
    }

    int u16() {
        return u8() << 8 | u8();
    }

    int u24() {
        return u8() << 16 | u16();
    }

    int s32() {
        return u16() << 16 | u16();
    }

    /** Up to {@code n} bytes: fewer if the input ends first. */
    byte[] bytes(int n) {
        int end = (int) Math.min(data.length, (long) pos + n);
        byte[] b = Arrays.copyOfRange(data, pos, end);
        pos = end;
        return b;
    }

    byte[] rest() {
        return bytes(data.length - pos);
    }
}
