package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CageUriTest {
    @Test
    void parse_hostPortAndPath() {
        assertThat(CageUri.parse("cage://files.example:7171/docs/a b.txt"))
            .isEqualTo(new CageUri("files.example", 7171, "docs/a b.txt"));
    }

    @Test
    void parse_withoutPathOrWithSlash_namesTheRoot() {
        assertThat(CageUri.parse("cage://h:1").path()).isEmpty();
        assertThat(CageUri.parse("cage://h:1/").path()).isEmpty();
        assertThat(CageUri.parse("cage://h:1/").namesDirectory()).isTrue();
    }

    @Test
    void parse_withoutPort_meansTheDefaultPort() {
        assertThat(CageUri.parse("cage://h/x").port()).isEqualTo(7070);
    }

    @Test
    void parse_ipv6InBrackets() {
        CageUri u = CageUri.parse("cage://[::1]:9000/x");

        assertThat(u.host()).isEqualTo("::1");
        assertThat(u.port()).isEqualTo(9000);
        assertThat(u.server()).isEqualTo("[::1]:9000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x.txt", "/abs/x", "http://h:1/x", "cage://", "cage://:7070/x", "cage://h:port/x",
        "cage://h:0/x", "cage://h:65536/x", "cage://[::1/x", "cage://[::1]x/y"})
    void parse_notACageUri_isRefusedWithTheReason(String text) {
        assertThatThrownBy(() -> CageUri.parse(text))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("'" + text + "' is not a cage://host:port/path URI: ");
    }

    @Test
    void childAndFileName() {
        assertThat(CageUri.parse("cage://h/docs").child("a")).isEqualTo("docs/a");
        assertThat(CageUri.parse("cage://h/docs/").child("a")).isEqualTo("docs/a");
        assertThat(CageUri.parse("cage://h/").child("a")).isEqualTo("a");
        assertThat(CageUri.parse("cage://h/docs/r.txt").fileName()).isEqualTo("r.txt");
        assertThat(CageUri.parse("cage://h/docs/").fileName()).isEqualTo("docs");
    }

    @Test
    void sameServer_ignoresHostCase() {
        assertThat(CageUri.parse("cage://Host:1/a").sameServer(CageUri.parse("cage://host:1/b"))).isTrue();
        assertThat(CageUri.parse("cage://host:1/a").sameServer(CageUri.parse("cage://host:2/a"))).isFalse();
    }
}
