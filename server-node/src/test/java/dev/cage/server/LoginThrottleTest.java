package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The throttle's policy, on a clock the test moves: what an attacker gets, and what the real user still gets. */
class LoginThrottleTest {
    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private static InetAddress at(String address) throws UnknownHostException {
        return InetAddress.getByName(address);
    }

    @Test
    void failuresFromOneAddress_slowItsNextAnswers_doublingToTheMost() throws Exception {
        InetAddress mallory = at("10.0.0.66");
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(throttle.admit("eve", false, mallory).delayMillis()).isZero();
        }
        assertThat(throttle.admit("eve", false, mallory).delayMillis()).isEqualTo(100);
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.admit("eve", false, mallory).delayMillis()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(16));
        assertThat(throttle.admit("eve", false, mallory).delayMillis()).as("forgotten after 15 quiet minutes").isZero();
    }

    @Test
    void parallelGuesses_areSlowedTogether_andRefusedUncheckedOnceTheirTurnIsFar() throws Exception {
        InetAddress mallory = at("10.0.0.66");
        long waited = 0;
        int refused = 0;
        for (int i = 0; i < 200; i++) { // all at the same instant, none answered yet
            LoginThrottle.Verdict v = throttle.admit("admin", true, mallory);
            if (v.refused()) {
                refused++;
                assertThat(v.refusal()).contains("too many failed logins");
            } else {
                waited = Math.max(waited, v.delayMillis());
            }
        }
        assertThat(refused).as("attempts whose turn is more than 10 s away").isGreaterThan(180);
        assertThat(waited).isBetween(5_000L, LoginThrottle.MOST_WAIT_MS);
    }

    @Test
    void aFloodOfMadeUpNames_cannotFlushTheThrottle() throws Exception {
        InetAddress mallory = at("10.0.0.66");
        for (int i = 0; i < 20; i++) {
            throttle.admit("admin", true, mallory);
            clock.advance(Duration.ofSeconds(10));
        }
        // 100,500 failures under made-up names from one address take one entry, not 100,500.
        for (int i = 0; i < 100_500; i++) {
            throttle.admit("nobody-" + i, false, mallory);
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(throttle.admit("admin", true, at("10.0.0.77")).delayMillis())
            .as("the user's failures are still counted: another address waits its turn").isEqualTo(LoginThrottle.USER_SPACING_MS);
        LoginThrottle.Verdict again = throttle.admit("admin", true, mallory);
        assertThat(again.refused() || again.delayMillis() >= LoginThrottle.MAX_ADDRESS_DELAY_MS)
            .as("the address is still slowed").isTrue();
    }

    @Test
    void theRealUser_fromAnAddressItLoggedInFrom_isNotSlowedByAnAttackersFailures() throws Exception {
        InetAddress office = at("10.0.0.5");
        assertThat(throttle.admit("admin", true, office).delayMillis()).isZero();
        throttle.succeeded("admin", office);
        for (int i = 0; i < 50; i++) { // guesses from many addresses, a few each
            InetAddress bot = at("10.1." + i + ".1");
            throttle.admit("admin", true, bot);
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(throttle.admit("admin", true, office).delayMillis()).isZero();
        throttle.succeeded("admin", office);
        assertThat(throttle.admit("admin", true, at("10.2.0.1")).delayMillis()).as("a success forgave the failures").isZero();
    }

    @Test
    void aValidAccount_doesNotWashAnAddressClean() throws Exception {
        InetAddress mallory = at("10.0.0.66");
        for (int i = 0; i < 6; i++) {
            throttle.admit("admin", true, mallory);
        }
        throttle.admit("mallory", true, mallory);
        throttle.succeeded("mallory", mallory); // her own account, logged in rightly
        clock.advance(Duration.ofSeconds(30));
        assertThat(throttle.admit("admin", true, mallory).delayMillis()).isGreaterThanOrEqualTo(800);
    }

    @Test
    void logText_quotesControlCharacters_soNoLineCanBeForged() {
        assertThat(LogText.quoted("eve\nINFO: admin logged in")).isEqualTo("'eve\\u000AINFO: admin logged in'");
        assertThat(LogText.quoted("o'neil")).isEqualTo("'o\\'neil'");
        assertThat(LogText.quoted("x".repeat(500))).hasSize(200 + 3);
    }
}
