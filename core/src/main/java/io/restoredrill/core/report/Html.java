package io.restoredrill.core.report;

/** Escaping for text and attribute values in HTML that is also well-formed XML. */
final class Html {

    private Html() {
    }

    /** Escapes markup characters and replaces characters XML forbids; {@code null} becomes "". */
    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        value.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.appendCodePoint(allowedInXml(c) ? c : 0xFFFD);
            }
        });
        return out.toString();
    }

    /** Like {@link #escape} but shows {@code null} and blank values as a dash. */
    static String text(String value) {
        return escape(ReportFacts.text(value));
    }

    private static boolean allowedInXml(int c) {
        return c == '\t' || c == '\n' || c == '\r'
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
