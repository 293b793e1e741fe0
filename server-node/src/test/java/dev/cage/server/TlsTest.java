package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.TlsMismatchException;
import dev.cage.protocol.OpenMode;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
    /** A TLS mismatch must be said well within this: retrying cannot mend it. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

    /** The TLS nodes' certificate, made once: generating a key pair is the slowest part of these tests. */
    private static SelfSignedCertificate cert;
    @TempDir
    Path tmp;

    @BeforeAll
    static void makeCertificate() throws Exception {
        cert = new SelfSignedCertificate("localhost");
    }

    @AfterAll
    static void deleteCertificate() {
        cert.delete();
    }

    @Test
    void tlsNode_servesATrustingClient() throws Exception {
        try (TestNode n = startTlsNode();
             Cage cage = Cage.builder().server("s", n.spec().withTls(cert.certificate().toPath())).build()) {
            CageChannel ch = cage.open("s", "secure.txt", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "over tls".getBytes());
            assertThat(new String(cage.read(ch, 0, 100))).isEqualTo("over tls");
        }
    }

    @Test
    void tlsNode_plainClient_failsAtOnceSayingTheNodeSpeaksTls() throws Exception {
        try (TestNode n = startTlsNode();
             Cage plain = Cage.builder().responseTimeout(RESPONSE_TIMEOUT).server("s", n.spec()).build()) {
            long started = System.nanoTime();
            Throwable thrown = catchThrowable(() -> plain.stat("s", ""));

            assertThat(thrown).isInstanceOf(TlsMismatchException.class)
                .hasMessageContaining("the node at 127.0.0.1:" + n.port() + " speaks TLS")
                .hasMessageContaining("not configured for TLS");
            assertThat(millisSince(started)).isLessThan(3_000);
        }
    }

    @Test
    void plainNode_tlsClient_failsAtOnceSayingTheNodeAnsweredWithoutTls() throws Exception {
        try (TestNode n = TestNode.start(tmp);
             Cage tls = Cage.builder().responseTimeout(RESPONSE_TIMEOUT)
                 .server("s", n.spec().withTls(cert.certificate().toPath())).build()) {
            long started = System.nanoTime();
            Throwable thrown = catchThrowable(() -> tls.stat("s", ""));

            assertThat(thrown).isInstanceOf(TlsMismatchException.class)
                .hasMessageContaining("the node at 127.0.0.1:" + n.port() + " answered without TLS")
                .hasMessageContaining("configured to use TLS");
            assertThat(millisSince(started)).isLessThan(3_000);
        }
    }

    @Test
    void tlsNode_clientTrustingAnotherCertificate_failsAtOnceNamingTheHandshake() throws Exception {
        SelfSignedCertificate another = new SelfSignedCertificate("localhost");
        try (TestNode n = startTlsNode();
             Cage wrongTrust = Cage.builder().responseTimeout(RESPONSE_TIMEOUT)
                 .server("s", n.spec().withTls(another.certificate().toPath())).build()) {
            long started = System.nanoTime();
            Throwable thrown = catchThrowable(() -> wrongTrust.stat("s", ""));

            assertThat(thrown).isInstanceOf(TlsMismatchException.class)
                .hasMessageContaining("TLS handshake with 127.0.0.1:" + n.port() + " failed");
            assertThat(millisSince(started)).isLessThan(3_000);
        } finally {
            another.delete();
        }
    }

    private TestNode startTlsNode() throws Exception {
        return TestNode.start(tmp, b -> b.tls(cert.certificate().toPath(), cert.privateKey().toPath()));
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
