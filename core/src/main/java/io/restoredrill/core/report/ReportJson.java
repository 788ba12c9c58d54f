package io.restoredrill.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.model.DrillReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The report's JSON form, documented in docs/report-format.md. */
public final class ReportJson {

    private ReportJson() {
    }

    public static String write(DrillReport report) {
        try {
            return Json.mapper().writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Drill report " + report.drillId() + " cannot be written as JSON.", e);
        }
    }

    /** @throws InvalidInputException when the text is not a report this version can read */
    public static DrillReport read(String json) {
        return read(json, "The text");
    }

    /**
     * @throws InvalidInputException when the file is not a report this version can read
     * @throws UncheckedIOException  when the file cannot be read
     */
    public static DrillReport read(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read drill report " + file + ": " + e.getMessage(), e);
        }
        return read(json, "File " + file);
    }

    private static DrillReport read(String json, String what) {
        DrillReport report;
        try {
            report = Json.mapper().readValue(json, DrillReport.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(what + " is not a drill report: " + e.getOriginalMessage() + ".", e);
        }
        if (report == null) {
            throw new InvalidInputException(what + " is not a drill report: it is empty or null.");
        }
        if (report.schemaVersion() < 1 || report.schemaVersion() > DrillReport.SCHEMA_VERSION) {
            throw new InvalidInputException(what + " is a drill report of schema version " + report.schemaVersion()
                    + "; this Restore Drill reads versions 1 to " + DrillReport.SCHEMA_VERSION + ".");
        }
        return report;
    }
}
