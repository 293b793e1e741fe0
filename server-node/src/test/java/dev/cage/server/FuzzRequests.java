package dev.cage.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fuzzer's input read as the requests one session sends after ATTACH: {@code u8 opcode, u16 n, n bytes body},
 * repeated, at most {@link #MAX_REQUESTS} of them. The opcode is the raw byte, so bytes naming no opcode are sent too;
 * the length field and the request id are the harness's, so every frame is well framed (the frame decoder has a fuzz
 * test of its own in cage-protocol). A body cut short by the end of the input is sent as it is.
 */
final class FuzzRequests {
    /** Requests per input: enough for open, write, read, stage, prepare and commit, few enough to stay quick. */
    static final int MAX_REQUESTS = 16;

    /** One request as the fuzzer chose it. */
    record Request(int opcode, byte[] body) {
        @Override
        public String toString() {
            return "opcode " + opcode + " (" + body.length + " bytes)";
        }
    }

    private FuzzRequests() {
    }

    static List<Request> parse(byte[] data) {
        List<Request> requests = new ArrayList<>();
        int pos = 0;
        while (pos < data.length && requests.size() < MAX_REQUESTS) {
            int opcode = data[pos++] & 0xFF;
            int n = 0;
            for (int i = 0; i < 2; i++) {
                n = n << 8 | (pos < data.length ? data[pos++] & 0xFF : 0);
            }
            int end = Math.min(data.length, pos + n);
            requests.add(new Request(opcode, Arrays.copyOfRange(data, pos, end)));
            pos = end;
        }
        return requests;
    }
}
