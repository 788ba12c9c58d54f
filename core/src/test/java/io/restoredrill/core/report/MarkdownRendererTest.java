package io.restoredrill.core.report;

import static io.restoredrill.core.report.SampleReports.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.verify.CheckKind;
import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.CheckStatus;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

    private final MarkdownRenderer renderer = new MarkdownRenderer();

    @Test
    void a_passed_drill_says_so_in_its_title() {
        // GIVEN a passed drill WHEN rendered
        String md = renderer.render(SampleReports.passed());

        // THEN the first line carries the verdict (the sample's unlogged index was not checked) and no failure reason
        assertThat(md.lines().findFirst()).hasValue("# Restore drill shop-20261122-0400: ✅ PASSED with 1 check not run");
        assertThat(md).doesNotContain("Failure reason");
    }

    @Test
    void a_pass_with_a_check_that_could_not_run_says_so_in_its_title() {
        // GIVEN a passed drill (one unique index of an unlogged table not checked) whose amcheck could not be installed
        DrillReport report = SampleReports.withCheck(SampleReports.passed(), SampleReports.check("amcheck", CheckKind.AMCHECK,
                CheckStatus.SKIPPED, null, null, 3, "B-tree indexes were not checked: the amcheck extension is not available."));

        // WHEN it is rendered THEN the verdict says a check did not run, in the title and the HTML header alike
        assertThat(report.verdictHeadline()).isEqualTo("PASSED with 2 checks not run");
        assertThat(new MarkdownRenderer().render(report).lines().findFirst().orElseThrow())
                .endsWith("✅ PASSED with 2 checks not run");
        assertThat(new HtmlRenderer().render(report)).contains("PASSED with 2 checks not run");
        assertThat(report.checksNotRun()).extracting(CheckResult::name).containsExactly("public.customers_email_key", "amcheck");
        // AND a failed drill reads FAILED, whatever else did not run
        assertThat(SampleReports.withCheck(SampleReports.failed(), report.checksNotRun().get(1)).verdictHeadline())
                .isEqualTo("FAILED");
    }

    @Test
    void a_failed_drill_gives_its_verdict_and_reason_first() {
        // GIVEN a failed drill WHEN rendered
        List<String> lines = renderer.render(SampleReports.failed()).lines().toList();

        // THEN the title says FAILED and the reason follows at once
        assertThat(lines.get(0)).isEqualTo("# Restore drill shop-20261123-0400: ❌ FAILED");
        assertThat(lines.get(2)).startsWith("**Failure reason:** Verification failed: 2 of 9 checks");
    }

    @Test
    void the_summary_answers_what_an_auditor_asks() {
        // GIVEN a passed drill WHEN rendered
        String md = renderer.render(SampleReports.passed());

        // THEN the summary names the drill, where the data came from and went, and how fast it came back
        assertThat(md)
                .contains("| Drill id | shop-20261122-0400 |")
                .contains("| Engine | postgres |")
                .contains("| Source | shop (postgres, server 15.18) |")
                .contains("| Operator | ops@example.com |")
                .contains("| Snapshot taken at | 2026-11-22T04:00:00.350Z |")
                .contains("| Recovery location | /var/lib/restore-drill/recovery/shop-20261122-0400 |")
                .contains("| Encrypted | yes |")
                .contains("| RTO | 2m 20s of 15m 00s budget (16%) |")
                .contains("| RPO | 19.0s (newest data 2026-11-22T03:59:41Z) |")
                .contains("| Total duration | 3m 33s |")
                .contains("| Rows verified | 5,166,810 |");
    }

    @Test
    void every_phase_has_a_row_in_drill_order() {
        // GIVEN a failed drill WHEN rendered
        DrillReport report = SampleReports.failed();
        List<String> phaseRows = section(renderer.render(report), "## Phases");

        // THEN there is one row per phase, in the order they ran
        assertThat(phaseRows).hasSize(report.phases().size());
        for (int i = 0; i < phaseRows.size(); i++) {
            assertThat(phaseRows.get(i)).startsWith("| " + report.phases().get(i).phase().displayName() + " |");
        }
        assertThat(phaseRows.get(5)).contains("❌ failed");
    }

    @Test
    void an_over_budget_phase_is_marked() {
        // GIVEN a drill whose Verify phase took 1m 05s against a 45s budget WHEN rendered
        List<String> phaseRows = section(renderer.render(SampleReports.failed()), "## Phases");

        // THEN only that row is marked, with the overrun
        assertThat(phaseRows).filteredOn(row -> row.contains("over budget")).singleElement().asString()
                .startsWith("| Verify |")
                .contains("**1m 05s** ⚠️ over budget by 20.4s", "| 45.0s |");
    }

    @Test
    void failed_checks_come_first() {
        // GIVEN a drill whose failing checks were reported third and seventh WHEN rendered
        List<String> checkRows = section(renderer.render(SampleReports.failed()), "## Verification");

        // THEN the failed and errored checks lead the table, and every check is listed once
        assertThat(checkRows).hasSize(9);
        assertThat(checkRows.get(0)).startsWith("| no orphan order items | sql | ❌ failed | 17 rows | 0 rows |");
        assertThat(checkRows.get(1)).startsWith("| refunds balance | sql | ⚠️ error |");
        assertThat(checkRows.subList(2, 9)).noneMatch(row -> row.contains("failed |") || row.contains("error |"));
    }

    @Test
    void the_inventory_lists_every_table_with_rows_and_hash() {
        // GIVEN a passed drill WHEN rendered
        List<String> rows = section(renderer.render(SampleReports.passed()), "## Inventory");

        // THEN each table has its row count and hash, sorted by name, and a total
        assertThat(rows).containsExactly(
                "| public.customers | 48,213 | `5d1f0c9a7be24e13` |",
                "| public.order_items | 3,911,402 | `0f9b2c44e1a7d390` |",
                "| public.orders | 1,204,877 | `a03e9f17c2d4b851` |",
                "| public.products | 2,318 | `7c2e81b09d5fa6e4` |",
                "| **Total** | **5,166,810** | — |");
    }

    @Test
    void pipes_and_newlines_in_values_cannot_break_a_table() {
        // GIVEN a check whose name, expectation and detail contain pipes, backslashes, newlines and markup
        DrillReport report = SampleReports.withCheck(SampleReports.passed(), check("a|b\\|c\nd", CheckKind.SQL,
                CheckStatus.FAILED, "1", "SELECT x\n  FROM t\r\n WHERE y <> '|'", 5, "line one\nline two <b>"));

        // WHEN rendered
        List<String> rows = section(renderer.render(report), "## Verification");

        // THEN the check is one row of exactly seven cells, its text kept with escapes
        String row = rows.get(0);
        assertThat(row).isEqualTo("| a\\|b\\\\\\|c<br>d | sql | ❌ failed | 1 | SELECT x<br>FROM t<br>WHERE y &lt;> '\\|'"
                + " | 5ms | line one<br>line two &lt;b> |");
        assertThat(unescapedPipes(row)).isEqualTo(8);
    }

    @Test
    void a_drill_that_stopped_before_verify_says_what_is_missing() {
        // GIVEN a drill whose Restore failed WHEN rendered
        String md = renderer.render(SampleReports.failedBeforeVerify());

        // THEN missing measurements are named, not shown as zero or null
        assertThat(md)
                .contains("| RTO | not measured (the drill did not finish Verify); budget 15m 00s |")
                .contains("| RPO | not measured |")
                .contains("| Rows verified | none (verification did not run) |")
                .contains("| Verify | ⏭️ not run | — | — | Not run because an earlier phase failed. |")
                .contains("_Verification did not run._")
                .contains("_No inventory was taken._")
                .doesNotContain("null");
    }

    private static List<String> section(String markdown, String heading) {
        String rest = markdown.substring(markdown.indexOf(heading) + heading.length());
        int next = rest.indexOf("\n## ");
        List<String> tableLines = Arrays.stream((next < 0 ? rest : rest.substring(0, next)).split("\n"))
                .filter(line -> line.startsWith("|"))
                .toList();
        return tableLines.subList(2, tableLines.size());
    }

    private static long unescapedPipes(String row) {
        long count = 0;
        for (int i = 0; i < row.length(); i++) {
            if (row.charAt(i) == '\\') {
                i++;
            } else if (row.charAt(i) == '|') {
                count++;
            }
        }
        return count;
    }
}
