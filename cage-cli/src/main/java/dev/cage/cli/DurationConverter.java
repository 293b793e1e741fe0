package dev.cage.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations as people write them: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, or
 * several together ({@code 1m30s}); ISO-8601 ({@code PT10M}) is accepted too. A bare number is refused, since
 * its unit would be a guess.
 */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static Duration parse(String value) {
        String text = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (text.startsWith("p")) {
            try {
                return Duration.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                throw invalid(value);
            }
        }
        Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            at = m.end();
        }
        if (text.isEmpty() || at != text.length()) {
            throw invalid(value);
        }
        return total;
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("'" + value + "' is not a duration; write it like 500ms, 30s, 10m, 2h or 1m30s");
    }
}
