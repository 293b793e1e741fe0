package dev.cage.client;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@link Cage}'s {@link TierStats} as it reports them into the cluster (the map {@code <mapName>-stats}), where
 * the {@code cage cache stats} command reads them. The value is a plain String, so that members and clients without
 * Cage's classes (an application server's grid) store and pass it on:
 *
 * <pre>
 * v=1;label=host/4711 reader-a;role=member;instance=&lt;uuid&gt;;at=2025-01-31T12:00:00.123Z;localHits=32;...
 * </pre>
 *
 * <p>Pairs {@code key=value} separated by {@code ;}. In values {@code %}, {@code ;} and {@code =} are written
 * {@code %25}, {@code %3B} and {@code %3D}, so any label survives. Every component of {@link TierStats} is a pair
 * under its own name; a reader ignores keys it does not know and takes a counter it does not find as 0, so older and
 * newer Cages can report into one map.
 *
 * @param label      who reports: {@code host/pid name}
 * @param role       whether the Cage's Hazelcast instance is a member (holds pages) or a client (holds none)
 * @param instance   the Hazelcast instance's UUID: Cages sharing one member report the same, so its bytes count once
 * @param reportedAt when the Cage took these figures
 * @param stats      the figures
 */
public record TierStatsReport(String label, Role role, String instance, Instant reportedAt, TierStats stats) {
    /** The format's version, the first pair of every value. */
    static final String VERSION = "1";

    /** What kind of Hazelcast instance a Cage shares pages through. */
    public enum Role {
        MEMBER, CLIENT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TierStatsReport {
        requireArgument(label != null && role != null && instance != null && reportedAt != null && stats != null,
            "a report needs a label, role, instance, time and figures");
    }

    /** The map the Cages sharing pages through the map {@code pageMapName} report into: {@code <pageMapName>-stats}. */
    public static String mapName(String pageMapName) {
        return pageMapName + "-stats";
    }

    /** The map value: {@code key=value} pairs separated by {@code ;}. */
    public String format() {
        StringBuilder b = new StringBuilder("v=").append(VERSION);
        pair(b, "label", label);
        pair(b, "role", role.toString());
        pair(b, "instance", instance);
        pair(b, "at", reportedAt.toString());
        for (RecordComponent c : TierStats.class.getRecordComponents()) {
            pair(b, c.getName(), Long.toString(counter(c)));
        }
        return b.toString();
    }

    /**
     * Reads a value {@link #format} wrote.
     *
     * @throws IllegalArgumentException if it is not such a value (another format version, a pair without {@code =},
     *                                  a missing label, role, instance or time, a number that is not one)
     */
    public static TierStatsReport parse(String value) {
        Map<String, String> pairs = new HashMap<>();
        for (String pair : value.split(";", -1)) {
            int eq = pair.indexOf('=');
            requireArgument(eq > 0, "not a key=value pair: '" + pair + "'");
            pairs.put(pair.substring(0, eq), unescape(pair.substring(eq + 1)));
        }
        requireArgument(VERSION.equals(pairs.get("v")), "not a version " + VERSION + " report: v=" + pairs.get("v"));
        RecordComponent[] components = TierStats.class.getRecordComponents();
        Object[] counters = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            counters[i] = number(pairs, components[i].getName());
        }
        return new TierStatsReport(required(pairs, "label"), role(required(pairs, "role")), required(pairs, "instance"),
            instant(required(pairs, "at")), newTierStats(counters));
    }

    // TierStats is read and built through its record components, so that every field it has (and will have) is
    // reported without this class listing them: a field added there cannot be forgotten here.
    private long counter(RecordComponent c) {
        try {
            return (long) c.getAccessor().invoke(stats);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read TierStats." + c.getName(), e);
        }
    }

    private static TierStats newTierStats(Object[] counters) {
        Class<?>[] types = new Class<?>[counters.length];
        java.util.Arrays.fill(types, long.class);
        try {
            return TierStats.class.getDeclaredConstructor(types).newInstance(counters);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build TierStats", e);
        }
    }

    private static void pair(StringBuilder b, String key, String value) {
        b.append(';').append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '%' -> b.append("%25");
                case ';' -> b.append("%3B");
                case '=' -> b.append("%3D");
                default -> b.append(ch);
            }
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%') {
                requireArgument(i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2)),
                    "bad escape in '" + s + "'");
                b.append((char) Integer.parseInt(s, i + 1, i + 3, 16));
                i += 2;
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    private static boolean isHex(char ch) {
        return Character.digit(ch, 16) >= 0;
    }

    private static String required(Map<String, String> pairs, String key) {
        String v = pairs.get(key);
        requireArgument(v != null, "no " + key + " in the report");
        return v;
    }

    private static long number(Map<String, String> pairs, String key) {
        String v = pairs.get(key);
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number: '" + v + "'", e);
        }
    }

    private static Role role(String s) {
        for (Role r : Role.values()) {
            if (r.toString().equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + s + "'");
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("at is not an instant: '" + s + "'", e);
        }
    }

    private static void requireArgument(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
