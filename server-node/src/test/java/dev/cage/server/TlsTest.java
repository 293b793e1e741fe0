package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.CageException;
import dev.cage.protocol.OpenMode;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
    @TempDir
    Path tmp;

    @Test
    void tlsNode_servesATrustingClient_andRefusesAPlainOne() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
        try (TestNode n = TestNode.start(tmp, b -> b.tls(cert.certificate().toPath(), cert.privateKey().toPath()))) {
            try (Cage cage = Cage.builder().server("s", n.spec().withTls(cert.certificate().toPath())).build()) {
                CageChannel ch = cage.open("s", "secure.txt", OpenMode.EXCLUSIVE, true);
                cage.write(ch, 0, "over tls".getBytes());
                assertThat(new String(cage.read(ch, 0, 100))).isEqualTo("over tls");
            }
            try (Cage plain = n.clientBuilder("s").responseTimeout(Duration.ofSeconds(2)).build()) {
                assertThatThrownBy(() -> plain.stat("s", "")).isInstanceOf(CageException.class);
            }
        } finally {
            cert.delete();
        }
    }
}
