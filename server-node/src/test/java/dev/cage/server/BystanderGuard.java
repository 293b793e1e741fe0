package dev.cage.server;

import dev.cage.protocol.CageException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.message.AdminEndSessionRequest;
import dev.cage.protocol.message.JournalBranchRequest;
import dev.cage.protocol.message.JournalRollbackRequest;
import dev.cage.protocol.message.UserEnableRequest;
import dev.cage.protocol.message.UserPutRequest;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Keeps a fuzzing session from requests that reach the bystander by design, so that any harm the bystander sees is
 * harm done by input the node should have refused. The fuzzer logs in as an admin (to reach every handler), and an
 * admin may legitimately end other sessions, give users new secrets or disable them and roll back the whole tree, and
 * every user may change any file. Held back, read with the protocol's own decoders:
 * <ul>
 *   <li>any request whose body holds the bytes of the bystander's directory name (which every path that reaches its
 *       file must spell: the node's paths have no aliases but {@code .} and empty elements, and refuse {@code ..});
 *   <li>a rollback or branch that names the root ({@code ""}, {@code .}, {@code ./} ...);
 *   <li>ending any session but the fuzzer's own;
 *   <li>a new secret for, or disabling of, the bystander's or the fuzzer's user.
 * </ul>
 * A body these decoders refuse is always sent: malformed input is what is being fuzzed.
 */
final class BystanderGuard implements HeldBack {
    private final byte[] directory;
    private final Set<String> users;
    private long ownSession;

    /** @param directory the bystander's top directory, @param users the bystander's and the fuzzer's user names */
    BystanderGuard(String directory, Set<String> users) {
        this.directory = directory.getBytes(StandardCharsets.UTF_8);
        this.users = users;
    }

    /** The fuzzing session of the current input, which it may end. */
    void ownSession(long id) {
        this.ownSession = id;
    }

    @Override
    public boolean holdsBack(int opcode, byte[] body) {
        if (contains(body, directory)) {
            return true;
        }
        Opcode op = Opcode.of(opcode);
        if (op == null) {
            return false;
        }
        try {
            return switch (op) {
                case JOURNAL_ROLLBACK -> isRoot(JournalRollbackRequest.decode(Unpooled.wrappedBuffer(body)).path());
                case JOURNAL_BRANCH -> {
                    JournalBranchRequest r = JournalBranchRequest.decode(Unpooled.wrappedBuffer(body));
                    yield isRoot(r.from()) || isRoot(r.to());
                }
                case ADMIN_END_SESSION -> AdminEndSessionRequest.decode(Unpooled.wrappedBuffer(body)).sessionId() != ownSession;
                case ADMIN_USER_PUT -> users.contains(UserPutRequest.decode(Unpooled.wrappedBuffer(body)).name());
                case ADMIN_USER_ENABLE -> users.contains(UserEnableRequest.decode(Unpooled.wrappedBuffer(body)).name());
                default -> false;
            };
        } catch (CageException malformed) {
            return false;
        }
    }

    /** Whether a client path names the root, as {@code RootJail.key} reads it: nothing but empty and "." elements. */
    private static boolean isRoot(String path) {
        return Arrays.stream(path.split("/")).allMatch(e -> e.isEmpty() || e.equals("."));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
