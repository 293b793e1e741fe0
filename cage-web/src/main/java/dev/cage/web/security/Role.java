package dev.cage.web.security;

import java.util.Locale;

/** What a console user may do; each role may do everything the roles before it may. */
public enum Role {
    /** Reads everything the console shows. */
    VIEWER,
    /** Also ends sessions and uploads. */
    OPERATOR,
    /** Also rolls back, replays and manages users. */
    ADMIN;

    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The name in the users file, in the API and as the Jakarta Security group: {@code viewer}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String label) {
        try {
            return valueOf(label.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + label + "' (viewer, operator or admin)");
        }
    }
}
