package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.report.ReportJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads the reports a drill wrote under its --out directory. */
final class Reports {

    private Reports() {
    }

    /** The one report JSON under {@code out}; fails when there is not exactly one. */
    static DrillReport only(Path out) {
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> reports = files.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
            assertThat(reports).as("report JSON files under " + out).hasSize(1);
            return ReportJson.read(reports.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one report of {@code source} under {@code out}. */
    static DrillReport forSource(Path out, String source) {
        return only(out.resolve(source));
    }
}
