package dev.cage.bench.cache;

import java.util.Locale;
import java.util.OptionalDouble;

/** How the cache benchmark's report writes numbers: thousands separators, three significant figures or more. */
final class Format {
    private static final double MIB = 1 << 20;

    private Format() {
    }

    /** 123,456 · 1,234 · 98.7 · 4.56 */
    static String number(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }

    static String number(OptionalDouble v) {
        return v.isPresent() ? number(v.getAsDouble()) : "n/a";
    }

    /** A ratio as a factor: 12.34× */
    static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String times(OptionalDouble ratio) {
        return ratio.isPresent() ? times(ratio.getAsDouble()) : "n/a";
    }

    /** A ratio as a percentage: 0.057 gives 5.7 % */
    static String percent(double ratio) {
        return String.format(Locale.ROOT, ratio * 100 >= 10 ? "%.0f %%" : "%.1f %%", ratio * 100);
    }

    static String percent(OptionalDouble ratio) {
        return ratio.isPresent() ? percent(ratio.getAsDouble()) : "n/a";
    }

    /** Bytes in MiB: 1,024.0 MiB · 3.20 MiB */
    static String mib(double bytes) {
        double m = bytes / MIB;
        return String.format(Locale.ROOT, Math.abs(m) >= 100 ? "%,.1f MiB" : "%.2f MiB", m);
    }

    /** Seconds from nanoseconds: 1.234 s */
    static String seconds(double nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
