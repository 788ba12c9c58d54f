package io.restoredrill.core.report;

import static io.restoredrill.core.report.SampleReports.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.verify.CheckKind;
import io.restoredrill.core.verify.CheckStatus;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlRendererTest {

    private final HtmlRenderer renderer = new HtmlRenderer();

    static Stream<DrillReport> samples() {
        return Stream.of(SampleReports.passed(), SampleReports.failed(), SampleReports.failedBeforeVerify());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void the_page_is_well_formed_and_has_one_timeline_with_one_bar_per_phase(DrillReport report) {
        // GIVEN a report WHEN rendered
        String html = renderer.render(report);

        // THEN it parses as XML, with exactly one svg#timeline holding one phase bar per phase, in order
        Document page = parse(html);
        assertThat(html).startsWith("<!DOCTYPE html>");
        List<Element> timelines = select(page, "//svg[@id='timeline']");
        assertThat(timelines).hasSize(1);
        assertThat(select(page, "//*[@id='timeline']")).hasSize(1);
        Element svg = timelines.get(0);
        assertThat(svg.getAttribute("role")).isEqualTo("img");
        assertThat(svg.getAttribute("aria-label")).startsWith("Timeline of drill " + report.drillId());
        assertThat(bars(page)).extracting(bar -> bar.getAttribute("data-phase"))
                .containsExactlyElementsOf(report.phases().stream().map(p -> p.phase().displayName()).toList());
        assertThat(bars(page)).allSatisfy(bar -> {
            assertThat(bar.getTagName()).isEqualTo("rect");
            assertThat(select(bar, "title")).hasSize(1);
        });
    }

    @Test
    void bar_widths_are_proportional_to_phase_durations() {
        // GIVEN a drill whose Restore took exactly twice as long as its Snapshot
        Instant t0 = Instant.parse("2026-11-22T04:00:00Z");
        DrillReport report = SampleReports.withPhases(SampleReports.passed(), List.of(
                PhaseResult.of(Phase.PLAN, t0, t0.plusSeconds(10), null, PhaseStatus.PASSED, "planned"),
                PhaseResult.of(Phase.SNAPSHOT, t0.plusSeconds(10), t0.plusSeconds(70), null, PhaseStatus.PASSED, "dumped"),
                PhaseResult.of(Phase.RESTORE, t0.plusSeconds(70), t0.plusSeconds(190), null, PhaseStatus.PASSED, "restored")));

        // WHEN rendered
        List<Element> bars = bars(parse(renderer.render(report)));

        // THEN the Restore bar is twice as wide as the Snapshot bar, and six times the Plan bar
        assertThat(width(bars.get(2)) / width(bars.get(1))).isCloseTo(2.0, within(0.01));
        assertThat(width(bars.get(2)) / width(bars.get(0))).isCloseTo(12.0, within(0.05));
    }

    @Test
    void every_bar_spans_its_phase_on_one_shared_axis() {
        // GIVEN a real drill report WHEN rendered
        DrillReport report = SampleReports.passed();
        List<Element> bars = bars(parse(renderer.render(report)));

        // THEN pixels per second are the same for every phase long enough to measure, and bars follow each other
        List<Double> pixelsPerSecond = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            Duration duration = report.phases().get(i).duration();
            if (duration.toMillis() >= 1_000) {
                pixelsPerSecond.add(width(bars.get(i)) / (duration.toMillis() / 1000.0));
            }
        }
        assertThat(pixelsPerSecond).hasSizeGreaterThan(3)
                .allSatisfy(p -> assertThat(p).isCloseTo(pixelsPerSecond.get(0), within(0.02)));
        IntStream.range(1, bars.size()).forEach(i ->
                assertThat(x(bars.get(i))).isGreaterThanOrEqualTo(x(bars.get(i - 1))));
    }

    @Test
    void bars_are_coloured_by_status_and_a_zero_length_phase_stays_visible() {
        // GIVEN a drill that failed in Restore, and a zero-length Credentials phase in another
        List<Element> failedBars = bars(parse(renderer.render(SampleReports.failedBeforeVerify())));
        Instant t0 = Instant.parse("2026-11-22T04:00:00Z");
        DrillReport instant = SampleReports.withPhases(SampleReports.passed(), List.of(
                PhaseResult.of(Phase.RESTORE, t0, t0.plusSeconds(60), null, PhaseStatus.PASSED, "restored"),
                PhaseResult.of(Phase.CREDENTIALS, t0.plusSeconds(60), t0.plusSeconds(60), null, PhaseStatus.PASSED, "set"),
                PhaseResult.of(Phase.VERIFY, t0.plusSeconds(60), t0.plusSeconds(120), null, PhaseStatus.PASSED, "ok")));

        // WHEN rendered
        List<Element> instantBars = bars(parse(renderer.render(instant)));

        // THEN passed is green, failed red, not run grey where the run stopped, and a 0ms phase is still visible
        assertThat(failedBars).extracting(bar -> bar.getAttribute("data-phase") + "=" + bar.getAttribute("fill"))
                .containsExactly("Plan=" + TimelineSvg.PASSED, "Snapshot=" + TimelineSvg.PASSED,
                        "Copy=" + TimelineSvg.PASSED, "Restore=" + TimelineSvg.FAILED,
                        "Credentials=" + TimelineSvg.NOT_RUN, "Verify=" + TimelineSvg.NOT_RUN,
                        "Publish=" + TimelineSvg.PASSED, "Cleanup=" + TimelineSvg.PASSED);
        assertThat(width(instantBars.get(1))).isGreaterThanOrEqualTo(2.0);
        assertThat(width(failedBars.get(4))).isGreaterThanOrEqualTo(2.0);
        assertThat(x(failedBars.get(4))).isEqualTo(x(failedBars.get(5)))
                .isCloseTo(x(failedBars.get(3)) + width(failedBars.get(3)), within(0.05));
    }

    @Test
    void an_over_budget_phase_is_visibly_marked_and_others_are_not() {
        // GIVEN the failed drill, whose Verify took 1m 05s against a 45s budget
        DrillReport report = SampleReports.failed();

        // WHEN rendered
        String html = renderer.render(report);
        Document page = parse(html);

        // THEN Verify alone has a striped overrun starting where its budget box ends, and says by how much
        Element verifyBar = bars(page).get(5);
        List<Element> overruns = select(page, "//svg//rect[@class='over-budget']");
        assertThat(overruns).singleElement().satisfies(overrun -> {
            assertThat(overrun.getAttribute("data-phase")).isEqualTo("Verify");
            assertThat(x(overrun) + width(overrun)).isCloseTo(x(verifyBar) + width(verifyBar), within(0.05));
            assertThat(width(overrun) / width(verifyBar)).isCloseTo(20.4 / 65.4, within(0.01));
        });
        Element budget = select(page, "//svg//rect[@class='budget' and @data-phase='Verify']").get(0);
        assertThat(x(budget)).isCloseTo(x(verifyBar), within(0.05));
        assertThat(x(budget) + width(budget)).isCloseTo(x(overruns.get(0)), within(0.05));
        assertThat(text(page, "//svg//text[contains(@class,'over-budget-label')]"))
                .isEqualTo("1m 05s · over budget by 20.4s");
        assertThat(text(page, "//tr[@data-phase='Verify']/td[3]")).contains("over budget by 20.4s");
        assertThat(select(parse(renderer.render(SampleReports.passed())), "//*[contains(@class,'over-budget')]"))
                .isEmpty();
    }

    @Test
    void budgets_are_drawn_from_the_phase_start_at_the_axis_scale() {
        // GIVEN the passed drill, whose Copy (18.47s) had a 1m budget
        DrillReport report = SampleReports.passed();

        // WHEN rendered
        Document page = parse(renderer.render(report));

        // THEN the Copy budget box starts with the bar and is 60/18.47 times as wide
        Element copyBar = bars(page).get(2);
        Element copyBudget = select(page, "//svg//rect[@class='budget' and @data-phase='Copy']").get(0);
        assertThat(x(copyBudget)).isCloseTo(x(copyBar), within(0.05));
        assertThat(width(copyBudget) / width(copyBar)).isCloseTo(60 / 18.47, within(0.01));
    }

    @Test
    void the_rto_span_runs_from_restore_start_to_verify_end() {
        // GIVEN the failed drill (RTO 2m 57s against a 5m budget)
        Document page = parse(renderer.render(SampleReports.failed()));

        // WHEN its RTO bar is measured
        Element rto = select(page, "//svg//rect[@class='rto-bar']").get(0);
        Element restore = bars(page).get(3);
        Element verify = bars(page).get(5);

        // THEN it starts with Restore and ends with Verify; its budget box starts there too and, as the budget
        // ends after the drill did, runs to the end of the axis with a marker that it continues
        assertThat(x(rto)).isCloseTo(x(restore), within(0.05));
        assertThat(x(rto) + width(rto)).isCloseTo(x(verify) + width(verify), within(0.05));
        Element budget = select(page, "//svg//rect[@class='budget' and @data-phase='RTO']").get(0);
        Element cleanup = bars(page).get(7);
        assertThat(x(budget)).isCloseTo(x(rto), within(0.05));
        assertThat(x(budget) + width(budget)).isCloseTo(x(cleanup) + width(cleanup), within(0.05));
        assertThat(select(budget, "title").get(0).getTextContent())
                .isEqualTo("RTO budget: 5m 00s (continues past the end of the drill)");
        assertThat(select(page, "//svg//polygon[@class='budget-continues']")).hasSize(1);
        assertThat(text(page, "//svg//text[@class='bar-label' and starts-with(., 'RTO')]"))
                .isEqualTo("RTO 2m 57s of 5m 00s budget (59%)");
    }

    @Test
    void the_axis_is_labelled_in_human_time() {
        // GIVEN the passed drill, 3m 33.9s long WHEN rendered
        Document page = parse(renderer.render(SampleReports.passed()));

        // THEN ticks every 30 seconds read like the rest of the report
        List<String> ticks = select(page, "//svg//text[@class='tick']").stream().map(Element::getTextContent).toList();
        assertThat(ticks).containsExactly("0", "30.0s", "1m 00s", "1m 30s", "2m 00s", "2m 30s", "3m 00s", "3m 30s");
    }

    @Test
    void a_drill_that_stopped_before_verify_renders_without_verification_or_rto() {
        // GIVEN a drill whose Restore failed WHEN rendered
        String html = renderer.render(SampleReports.failedBeforeVerify());
        Document page = parse(html);

        // THEN the page says what did not happen instead of showing empty or null values
        assertThat(select(page, "//svg//rect[@class='rto-bar']")).isEmpty();
        assertThat(text(page, "//svg//text[@class='rto-missing']")).contains("RTO not measured");
        assertThat(text(page, "//section[@id='verification']")).contains("Verification did not run.");
        assertThat(text(page, "//section[@id='inventory']")).contains("No inventory was taken.");
        assertThat(text(page, "//header")).contains("FAILED", "Restore failed: pg_restore could not create extension \"postgis\".");
        assertThat(html).doesNotContain("null");
    }

    @Test
    void failed_checks_are_listed_first() {
        // GIVEN the failed drill WHEN rendered
        Document page = parse(renderer.render(SampleReports.failed()));

        // THEN the first rows of the verification table are the failures
        List<String> names = select(page, "//section[@id='verification']//tbody/tr/td[1]").stream()
                .map(Element::getTextContent).toList();
        assertThat(names).hasSize(9).startsWith("no orphan order items", "refunds balance");
    }

    @Test
    void the_page_needs_nothing_from_outside_itself() {
        for (DrillReport report : samples().toList()) {
            // GIVEN any report WHEN rendered
            String html = renderer.render(report);

            // THEN the only URL is the SVG namespace, and there is nothing to load or run
            Matcher urls = Pattern.compile("(?i)https?://[^\"'\\s<>)]*").matcher(html);
            while (urls.find()) {
                assertThat(urls.group()).isEqualTo("http://www.w3.org/2000/svg");
            }
            assertThat(html.toLowerCase())
                    .doesNotContain("src=", "<script", "<link", "@import", "@font-face", "href=", "javascript:")
                    .doesNotContainPattern("url\\((?!#)");
        }
    }

    @Test
    void values_from_the_report_are_escaped() {
        // GIVEN a check whose name, values and detail are hostile markup
        String name = "<script>alert(1)</script>";
        String expected = "SELECT count(*) FROM t WHERE a < 1 & b > 2 AND c = 'x' AND d = \"y\"";
        DrillReport report = SampleReports.withCheck(SampleReports.failed(), check(name, CheckKind.SQL,
                CheckStatus.FAILED, "<img src=x onerror=alert(2)>", expected, 7, "]]> \u0000 <!-- -->"));

        // WHEN rendered
        String html = renderer.render(report);

        // THEN no markup gets through, the page stays well-formed, and people still read the original text
        assertThat(html).doesNotContain("<script", "<img").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        Document page = parse(html);
        Element row = select(page, "//section[@id='verification']//tbody/tr[td[1]='" + name + "']").get(0);
        assertThat(text(row, "td[4]")).isEqualTo("<img src=x onerror=alert(2)>");
        assertThat(text(row, "td[5]")).isEqualTo(expected);
        assertThat(text(row, "td[7]")).isEqualTo("]]> \uFFFD <!-- -->");
    }

    private static Document parse(String html) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("The page is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static List<Element> bars(Document page) {
        return select(page, "//svg//rect[@class='phase-bar']");
    }

    private static List<Element> select(Object context, String xpath) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath()
                    .evaluate(xpath, context, XPathConstants.NODESET);
            return IntStream.range(0, nodes.getLength()).mapToObj(i -> (Element) nodes.item(i)).toList();
        } catch (Exception e) {
            throw new AssertionError(xpath, e);
        }
    }

    private static String text(Object context, String xpath) {
        List<Element> found = select(context, xpath);
        assertThat(found).as(xpath).hasSize(1);
        return found.get(0).getTextContent();
    }

    private static double x(Element rect) {
        return Double.parseDouble(rect.getAttribute("x"));
    }

    private static double width(Element rect) {
        return Double.parseDouble(rect.getAttribute("width"));
    }
}
