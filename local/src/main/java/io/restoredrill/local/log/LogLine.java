package io.restoredrill.local.log;

import io.restoredrill.local.files.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One physical line of the JSONL file: its exact bytes without the newline, numbered from 1. */
record LogLine(int number, byte[] bytes, boolean terminated) {

    static List<LogLine> split(byte[] content) {
        List<LogLine> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                lines.add(new LogLine(lines.size() + 1, Arrays.copyOfRange(content, start, i), true));
                start = i + 1;
            }
        }
        if (start < content.length) {
            lines.add(new LogLine(lines.size() + 1, Arrays.copyOfRange(content, start, content.length), false));
        }
        return lines;
    }

    String sha256() {
        return Sha256.of(bytes);
    }

    boolean blank() {
        return text().isBlank();
    }

    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
