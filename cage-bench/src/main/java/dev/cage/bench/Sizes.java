package dev.cage.bench;

import java.util.Locale;
import picocli.CommandLine;

/**
 * Byte sizes as people type them: {@code 4096}, {@code 512k}, {@code 8m}, {@code 1g} (binary units, any case).
 * Also the picocli converter for {@code --size}.
 */
public final class Sizes implements CommandLine.ITypeConverter<Long> {
    private static final long KIB = 1024;

    /**
     * Parses a size.
     *
     * @throws IllegalArgumentException if the text is not a non-negative whole number with an optional
     *                                  {@code k}, {@code m} or {@code g} suffix, or the result overflows
     */
    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a size must not be empty");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = switch (t.charAt(t.length() - 1)) {
            case 'k' -> KIB;
            case 'm' -> KIB * KIB;
            case 'g' -> KIB * KIB * KIB;
            default -> 1;
        };
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + text + "' is not a size: use a whole number with an optional k, m or g");
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
    }

    /** The shortest exact form: {@code 1g}, {@code 8m}, {@code 1536k}, or plain bytes. */
    public static String format(long bytes) {
        String[] suffixes = {"g", "m", "k"};
        long[] units = {KIB * KIB * KIB, KIB * KIB, KIB};
        for (int i = 0; i < units.length; i++) {
            if (bytes >= units[i] && bytes % units[i] == 0) {
                return bytes / units[i] + suffixes[i];
            }
        }
        return Long.toString(bytes);
    }

    @Override
    public Long convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
