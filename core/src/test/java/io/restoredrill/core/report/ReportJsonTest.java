package io.restoredrill.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.model.DrillReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReportJsonTest {

    static Stream<DrillReport> samples() {
        return Stream.of(SampleReports.passed(), SampleReports.failed(), SampleReports.failedBeforeVerify());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void a_report_survives_a_round_trip_through_json_unchanged(DrillReport report) {
        // GIVEN a report as a drill produces it
        // WHEN it is written as JSON and read back
        DrillReport read = ReportJson.read(ReportJson.write(report));

        // THEN nothing is lost or changed
        assertThat(read).isEqualTo(report);
        assertThat(ReportJson.write(read)).isEqualTo(ReportJson.write(report));
    }

    @Test
    void durations_are_decimal_seconds_and_instants_are_iso_8601_utc() {
        // GIVEN the failed sample, whose RTO is 2m 57.403s and whose Verify phase has a 45s budget
        DrillReport report = SampleReports.failed();

        // WHEN it is written
        String json = ReportJson.write(report);

        // THEN durations are seconds with milliseconds, instants are UTC strings, names are the documented ones
        assertThat(json)
                .contains("\"schemaVersion\" : 1")
                .contains("\"verdict\" : \"FAILED\"")
                .contains("\"rtoSeconds\" : 177.403")
                .contains("\"rpoSeconds\" : 23.000")
                .contains("\"startedAt\" : \"2026-11-23T04:00:00Z\"")
                .contains("\"phase\" : \"Verify\"")
                .contains("\"durationSeconds\" : 65.400")
                .contains("\"budgetSeconds\" : 45.000")
                .contains("\"Verify\" : 45.000")
                .contains("\"kind\" : \"sql\"")
                .contains("\"status\" : \"ERROR\"")
                .doesNotContain("passed\" :", "rowsVerified", "totalDuration", "overBudget", "qualifiedName",
                        "totalRows");
    }

    @Test
    void a_report_is_read_from_a_file(@TempDir Path dir) throws Exception {
        // GIVEN a report file
        Path file = dir.resolve("report.json");
        Files.writeString(file, ReportJson.write(SampleReports.passed()));

        // WHEN it is read
        DrillReport read = ReportJson.read(file);

        // THEN it is the report that was written
        assertThat(read).isEqualTo(SampleReports.passed());
    }

    @Test
    void text_that_is_not_a_report_is_refused_with_a_sentence() {
        // GIVEN JSON without a drill id WHEN it is read THEN it is refused as invalid input
        assertThatThrownBy(() -> ReportJson.read("{\"schemaVersion\": 1, \"verdict\": \"PASSED\"}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("The text is not a drill report");
        assertThatThrownBy(() -> ReportJson.read("not json"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void a_report_from_a_newer_schema_is_refused() {
        // GIVEN a report whose schema version this code does not know
        String json = ReportJson.write(SampleReports.passed()).replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2");

        // WHEN it is read THEN the error names the version
        assertThatThrownBy(() -> ReportJson.read(json))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("schema version 2");
    }
}
