package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationConverterTest {
    @Test
    void parse_theUsualForms() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationConverter.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationConverter.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DurationConverter.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "ten minutes", "10x", "m10", "1.5s", "P", "10m junk", "99999999999s"})
    void parse_anythingElse_isRefused(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("is not a duration");
    }
}
