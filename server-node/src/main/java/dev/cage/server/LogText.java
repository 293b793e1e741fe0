package dev.cage.server;

/** Text from a client as it may appear in a log line or a message: quoted, its control characters escaped. */
final class LogText {
    private static final int MOST_CHARS = 200;

    private LogText() {
    }

    /**
     * {@code 'text'} with each control character (a newline too) as {@code \\uXXXX} and a quote as {@code \\'}, cut at
     * {@value #MOST_CHARS} characters: a client cannot forge a log line or flood one.
     */
    static String quoted(String text) {
        StringBuilder b = new StringBuilder("'");
        text.codePoints().limit(MOST_CHARS).forEach(cp -> {
            if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) {
                b.append(String.format("\\u%04X", cp));
            } else if (cp == '\'' || cp == '\\') {
                b.append('\\').appendCodePoint(cp);
            } else {
                b.appendCodePoint(cp);
            }
        });
        if (text.codePointCount(0, text.length()) > MOST_CHARS) {
            b.append("…");
        }
        return b.append('\'').toString();
    }
}
