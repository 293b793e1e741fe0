package dev.cage.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A file or directory on a node, written {@code cage://host:port/path}. The path is relative to the node's root
 * and taken literally (no percent-decoding), so a quoted name with spaces just works; {@code cage://host:port/}
 * and {@code cage://host:port} name the root. Without a port, {@value #DEFAULT_PORT} is meant. IPv6 hosts go in
 * brackets: {@code cage://[::1]:7070/a}.
 *
 * @param host host name or address (IPv6 without brackets)
 * @param port the node's main port
 * @param path what follows the first {@code /} after the authority, as typed; {@code ""} for the root
 */
public record CageUri(String host, int port, String path) {
    public static final String SCHEME = "cage://";
    public static final int DEFAULT_PORT = 7070;

    /**
     * Parses {@code cage://host[:port][/path]}.
     *
     * @throws IllegalArgumentException if the text is not such a URI
     */
    public static CageUri parse(String text) {
        if (!text.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw bad(text, "it does not start with " + SCHEME);
        }
        String rest = text.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        String host;
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw bad(text, "its IPv6 address has no closing ']'");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw bad(text, "something other than ':port' follows its IPv6 address");
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw bad(text, "it names no host");
        }
        return new CageUri(host, port == null ? DEFAULT_PORT : parsePort(text, port), path);
    }

    private static int parsePort(String text, String port) {
        if (!port.matches("[0-9]{1,5}")) {
            throw bad(text, "its port '" + port + "' is not a number");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            throw bad(text, "its port " + p + " is outside 1..65535");
        }
        return p;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not a cage://host:port/path URI: " + why);
    }

    /** The name the client gives this node: {@code host:port}, which is also how its messages name it. */
    public String server() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Whether the path names a directory by its form: the root, or ending in {@code /}. */
    public boolean namesDirectory() {
        return path.isEmpty() || path.endsWith("/");
    }

    /** The path of an entry inside this one. */
    public String child(String name) {
        return namesDirectory() ? path + name : path + "/" + name;
    }

    /** The last element of the path, {@code ""} for the root. */
    public String fileName() {
        String p = path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** Whether both name the same node, so one client session serves both. */
    public boolean sameServer(CageUri other) {
        return host.equalsIgnoreCase(other.host) && port == other.port;
    }

    @Override
    public String toString() {
        return SCHEME + server() + "/" + path;
    }

    /** Lets picocli turn an argument into a {@link CageUri}; a bad one is a usage error. */
    static final class Converter implements ITypeConverter<CageUri> {
        @Override
        public CageUri convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
