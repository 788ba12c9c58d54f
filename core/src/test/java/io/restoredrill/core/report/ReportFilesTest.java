package io.restoredrill.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.PublishFailedException;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {

    @TempDir
    Path dir;

    @Test
    void a_report_is_written_as_json_markdown_and_html_under_its_source() throws Exception {
        // GIVEN a finished drill
        DrillReport report = SampleReports.failed();

        // WHEN its report is written
        ReportFiles files = ReportFiles.write(dir, report);

        // THEN three files sit under <dir>/<source>/<drillId>, and the JSON reads back as the same report
        assertThat(files.all()).containsExactly(
                dir.resolve("shop/shop-20261123-0400.json"),
                dir.resolve("shop/shop-20261123-0400.md"),
                dir.resolve("shop/shop-20261123-0400.html"));
        assertThat(ReportJson.read(files.json())).isEqualTo(report);
        assertThat(Files.readString(files.markdown())).startsWith("# Restore drill shop-20261123-0400: ❌ FAILED");
        assertThat(Files.readString(files.html())).startsWith("<!DOCTYPE html>").contains("id=\"timeline\"");
    }

    @Test
    void an_existing_report_is_never_overwritten() throws Exception {
        // GIVEN a drill whose report was already written
        ReportFiles first = ReportFiles.write(dir, SampleReports.failed());
        String evidence = Files.readString(first.json());
        DrillReport rewritten = new DrillReport(1, "shop-20261123-0400", "postgres", SampleReports.SOURCE, null,
                null, null, null, null, null, List.of(), null, null, null, Verdict.PASSED, null);

        // WHEN a report with the same drill id is written again THEN it is refused and the evidence is intact
        assertThatThrownBy(() -> ReportFiles.write(dir, rewritten))
                .isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("never overwritten");
        assertThat(Files.readString(first.json())).isEqualTo(evidence);
    }

    @Test
    void a_drill_id_cannot_lead_outside_the_report_directory() {
        // GIVEN a report whose drill id is a path
        DrillReport report = new DrillReport(1, "../../etc/cron.d/x", "postgres", SampleReports.SOURCE, null,
                null, null, null, null, null, List.of(), null, null, null, Verdict.FAILED, "bad");

        // WHEN its files are named THEN it is refused before anything is written
        assertThatThrownBy(() -> ReportFiles.write(dir, report))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("drill id '../../etc/cron.d/x'");
        assertThat(dir).isEmptyDirectory();
    }
}
