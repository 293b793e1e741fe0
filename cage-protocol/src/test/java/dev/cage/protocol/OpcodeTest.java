package dev.cage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Opcodes are a wire contract: each byte is pinned, and bytes that name no opcode read as {@code null}. */
class OpcodeTest {
    private static final Map<Opcode, Integer> CODES = new EnumMap<>(Map.ofEntries(
        Map.entry(Opcode.HELLO, 1), Map.entry(Opcode.RESPONSE, 2),
        Map.entry(Opcode.AUTH_START, 10), Map.entry(Opcode.AUTH_PROOF, 11), Map.entry(Opcode.ATTACH, 12),
        Map.entry(Opcode.CREATE, 20), Map.entry(Opcode.REMOVE, 21), Map.entry(Opcode.RENAME, 22),
        Map.entry(Opcode.MKDIR, 23), Map.entry(Opcode.RMDIR, 24), Map.entry(Opcode.LIST, 25), Map.entry(Opcode.STAT, 26),
        Map.entry(Opcode.STATFS, 27), Map.entry(Opcode.LIST_PAGE, 28),
        Map.entry(Opcode.OPEN, 30), Map.entry(Opcode.CLOSE, 31), Map.entry(Opcode.READ, 32), Map.entry(Opcode.WRITE, 33),
        Map.entry(Opcode.TRUNCATE, 34), Map.entry(Opcode.SYNC, 35), Map.entry(Opcode.FSTAT, 36),
        Map.entry(Opcode.CHECKSUMS, 37), Map.entry(Opcode.INVALIDATE, 50), Map.entry(Opcode.PROGRESS, 51),
        Map.entry(Opcode.JOURNAL_QUERY, 60), Map.entry(Opcode.JOURNAL_ROLLBACK, 61), Map.entry(Opcode.JOURNAL_STATS, 62),
        Map.entry(Opcode.ADMIN_SESSIONS, 63), Map.entry(Opcode.ADMIN_NODE, 64),
        Map.entry(Opcode.ADMIN_END_SESSION, 65), Map.entry(Opcode.ADMIN_STATS, 66),
        Map.entry(Opcode.ADMIN_USERS, 67), Map.entry(Opcode.ADMIN_USER_PUT, 68), Map.entry(Opcode.ADMIN_USER_ENABLE, 69),
        Map.entry(Opcode.TX_STAGE, 70), Map.entry(Opcode.TX_PREPARE, 71), Map.entry(Opcode.TX_COMMIT, 72),
        Map.entry(Opcode.TX_ROLLBACK, 73), Map.entry(Opcode.TX_RECOVER, 74),
        Map.entry(Opcode.JOURNAL_READ_AS_OF, 75), Map.entry(Opcode.ADMIN_GROUP, 76),
        Map.entry(Opcode.ADMIN_GROUP_TRANSFER, 77), Map.entry(Opcode.ADMIN_GROUP_MEMBERS, 78),
        Map.entry(Opcode.JOURNAL_BRANCH, 79)));

    @Test
    void code_everyOpcode_isItsReleasedByte() {
        assertThat(CODES.keySet()).containsExactlyInAnyOrder(Opcode.values());
        CODES.forEach((op, code) -> {
            assertThat(op.code()).as("code of %s", op).isEqualTo(code);
            assertThat(Opcode.of(code)).isSameAs(op);
        });
        assertThat(Arrays.stream(Opcode.values()).map(Opcode::code)).doesNotHaveDuplicates();
    }

    @Test
    void of_byteNamingNoOpcode_returnsNull() {
        for (int b = -1; b <= 256; b++) {
            if (!CODES.containsValue(b)) {
                assertThat(Opcode.of(b)).as("opcode %d", b).isNull();
            }
        }
    }
}
