package dev.cage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Status codes are a wire contract: each number is pinned here, so renumbering or reusing one fails this
 * test, and every code must turn into its own exception type on the client.
 */
class StatusTest {
    /** Every status and its released code. A new status must be added here, inside its range. */
    private static final Map<Status, Integer> CODES = new EnumMap<>(Map.ofEntries(
        Map.entry(Status.OK, 0),
        Map.entry(Status.MALFORMED_FRAME, 100),
        Map.entry(Status.FRAME_TOO_LARGE, 101),
        Map.entry(Status.UNSUPPORTED_VERSION, 102),
        Map.entry(Status.UNEXPECTED_MESSAGE, 103),
        Map.entry(Status.AUTH_FAILED, 200),
        Map.entry(Status.TOKEN_INVALID, 201),
        Map.entry(Status.SESSION_EXPIRED, 202),
        Map.entry(Status.SESSION_ENDED, 204),
        Map.entry(Status.ACCESS_DENIED, 203),
        Map.entry(Status.NOT_FOUND, 300),
        Map.entry(Status.ALREADY_EXISTS, 301),
        Map.entry(Status.INVALID_PATH, 302),
        Map.entry(Status.NOT_A_DIRECTORY, 303),
        Map.entry(Status.IS_A_DIRECTORY, 304),
        Map.entry(Status.DIRECTORY_NOT_EMPTY, 305),
        Map.entry(Status.SHARING_CONFLICT, 306),
        Map.entry(Status.FILE_BUSY, 307),
        Map.entry(Status.CHANNEL_CLOSED, 308),
        Map.entry(Status.READ_ONLY_CHANNEL, 309),
        Map.entry(Status.INVALID_ARGUMENT, 310),
        Map.entry(Status.FILE_LOCKED, 311),
        Map.entry(Status.TRANSACTION_UNKNOWN, 312),
        Map.entry(Status.TRANSACTION_TOO_LARGE, 313),
        Map.entry(Status.TRANSACTION_CONFLICT, 314),
        Map.entry(Status.LIMIT_REACHED, 315),
        Map.entry(Status.IO_ERROR, 500),
        Map.entry(Status.INTERNAL_ERROR, 501),
        Map.entry(Status.SHUTTING_DOWN, 502),
        Map.entry(Status.UNAVAILABLE, 503),
        Map.entry(Status.JOURNAL_UNAVAILABLE, 504),
        Map.entry(Status.NOT_LEADER, 505)));

    /** The exception type each error status becomes. */
    private static final Map<Status, Class<? extends CageException>> TYPES = new EnumMap<>(Map.ofEntries(
        Map.entry(Status.MALFORMED_FRAME, ProtocolException.class),
        Map.entry(Status.FRAME_TOO_LARGE, ProtocolException.class),
        Map.entry(Status.UNSUPPORTED_VERSION, ProtocolException.class),
        Map.entry(Status.UNEXPECTED_MESSAGE, ProtocolException.class),
        Map.entry(Status.AUTH_FAILED, AuthenticationException.class),
        Map.entry(Status.TOKEN_INVALID, AuthenticationException.class),
        Map.entry(Status.SESSION_EXPIRED, SessionExpiredException.class),
        Map.entry(Status.SESSION_ENDED, SessionEndedException.class),
        Map.entry(Status.ACCESS_DENIED, AuthenticationException.class),
        Map.entry(Status.NOT_FOUND, CageFileNotFoundException.class),
        Map.entry(Status.ALREADY_EXISTS, CageFileExistsException.class),
        Map.entry(Status.INVALID_PATH, InvalidPathException.class),
        Map.entry(Status.NOT_A_DIRECTORY, WrongFileTypeException.class),
        Map.entry(Status.IS_A_DIRECTORY, WrongFileTypeException.class),
        Map.entry(Status.DIRECTORY_NOT_EMPTY, WrongFileTypeException.class),
        Map.entry(Status.SHARING_CONFLICT, SharingConflictException.class),
        Map.entry(Status.FILE_BUSY, FileBusyException.class),
        Map.entry(Status.CHANNEL_CLOSED, ChannelClosedException.class),
        Map.entry(Status.READ_ONLY_CHANNEL, ReadOnlyChannelException.class),
        Map.entry(Status.INVALID_ARGUMENT, InvalidArgumentException.class),
        Map.entry(Status.FILE_LOCKED, FileLockedException.class),
        Map.entry(Status.TRANSACTION_UNKNOWN, TransactionUnknownException.class),
        Map.entry(Status.TRANSACTION_TOO_LARGE, TransactionTooLargeException.class),
        Map.entry(Status.TRANSACTION_CONFLICT, TransactionConflictException.class),
        Map.entry(Status.LIMIT_REACHED, LimitReachedException.class),
        Map.entry(Status.IO_ERROR, ServerErrorException.class),
        Map.entry(Status.INTERNAL_ERROR, ServerErrorException.class),
        Map.entry(Status.SHUTTING_DOWN, ServerUnavailableException.class),
        Map.entry(Status.UNAVAILABLE, ServerUnavailableException.class),
        Map.entry(Status.JOURNAL_UNAVAILABLE, ServerErrorException.class),
        Map.entry(Status.NOT_LEADER, NotLeaderException.class)));

    @Test
    void code_everyStatus_isItsReleasedNumber() {
        assertThat(CODES.keySet()).as("statuses with a pinned code").containsExactlyInAnyOrder(Status.values());
        CODES.forEach((status, code) -> assertThat(status.code()).as("code of %s", status).isEqualTo(code));
    }

    @Test
    void code_allStatuses_areUnique() {
        assertThat(Arrays.stream(Status.values()).map(Status::code)).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(Status.class)
    void of_eachCode_returnsItsStatus(Status status) {
        assertThat(Status.of(status.code())).isSameAs(status);
    }

    @Test
    void of_unknownCode_readsAsInternalError() {
        assertThat(Status.of(199)).isEqualTo(Status.INTERNAL_ERROR);
        assertThat(Status.of(65_535)).isEqualTo(Status.INTERNAL_ERROR);
        assertThat(Status.of(-1)).isEqualTo(Status.INTERNAL_ERROR);
    }

    @ParameterizedTest
    @EnumSource(value = Status.class, mode = EnumSource.Mode.EXCLUDE, names = "OK")
    void toException_eachError_returnsItsSpecificTypeCarryingStatusAndMessage(Status status) {
        CageException e = status.toException("because " + status);

        assertThat(e).isExactlyInstanceOf(TYPES.get(status));
        assertThat(e.status()).isSameAs(status);
        assertThat(e.getMessage()).isEqualTo("because " + status);
    }

    @Test
    void toException_ok_throwsIllegalArgument() {
        assertThatThrownBy(() -> Status.OK.toException("fine")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void code_eachStatus_liesInItsDocumentedRange() {
        for (Status s : Status.values()) {
            int range = s.code() / 100;
            String name = s.name();
            int expected = s == Status.OK ? 0
                : TYPES.get(s) == ProtocolException.class ? 1
                : TYPES.get(s) == AuthenticationException.class || s == Status.SESSION_EXPIRED || s == Status.SESSION_ENDED ? 2
                : ServerErrorException.class.isAssignableFrom(TYPES.get(s))
                    || ServerUnavailableException.class.isAssignableFrom(TYPES.get(s)) ? 5
                : 3;
            assertThat(range).as("range of %s", name).isEqualTo(expected);
        }
    }
}
