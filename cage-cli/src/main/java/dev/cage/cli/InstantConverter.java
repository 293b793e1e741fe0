package dev.cage.cli;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Instants on the command line: ISO-8601 ({@code 2026-11-21T07:00:00Z}, or without a zone, taken as UTC),
 * or a duration before now ({@code -10m}, {@code -2h}, {@code -30s}), or {@code now}.
 */
final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        String v = value.trim();
        if (v.equals("now")) {
            return Instant.now();
        }
        if (v.startsWith("-")) {
            return Instant.now().minus(DurationConverter.parse(v.substring(1)));
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value
                    + "' is not an instant: use ISO-8601 (2026-11-21T07:00:00Z), -10m (ten minutes ago) or now");
            }
        }
    }
}
