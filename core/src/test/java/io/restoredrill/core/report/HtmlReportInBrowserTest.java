package io.restoredrill.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.model.DrillReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a person sees it: opened from disk in headless Chromium. The page is shot
 * twice, as written and with the timeline hidden; the pixels that differ are the timeline the
 * browser painted, and they must show the phase bars in their status colours.
 */
class HtmlReportInBrowserTest {

    private static final int PASSED_GREEN = 0x2e7d32;
    private static final int FAILED_RED = 0xc62828;

    @TempDir
    Path tmp;

    @Test
    void aPassedDrillsTimelineIsPaintedWithGreenPhaseBars() throws Exception {
        // GIVEN the HTML of a passed drill, opened from disk
        // WHEN Chromium renders it with and without its timeline
        int[] painted = timelinePixels(SampleReports.passed());

        // THEN the timeline shows a substantial area of green bars, and red only in its legend's
        // small "failed" swatch
        assertThat(painted[0]).as("green timeline pixels").isGreaterThan(3000);
        assertThat(painted[1]).as("red timeline pixels").isLessThan(200);
    }

    @Test
    void aFailedDrillsTimelineShowsItsFailedPhaseInRed() throws Exception {
        int[] painted = timelinePixels(SampleReports.failed());

        assertThat(painted[0]).as("green timeline pixels").isGreaterThan(1000);
        assertThat(painted[1]).as("red timeline pixels, beyond the legend's swatch").isGreaterThan(600);
    }

    /** Counts {green, red} pixels that are there only because of the timeline. */
    private int[] timelinePixels(DrillReport report) throws Exception {
        String html = new HtmlRenderer().render(report);
        Path withTimeline = tmp.resolve("report.html");
        Path withoutTimeline = tmp.resolve("no-timeline.html");
        Files.writeString(withTimeline, html, StandardCharsets.UTF_8);
        Files.writeString(withoutTimeline, html.replace("</head>", "<style>#timeline { visibility: hidden; }</style></head>"),
                StandardCharsets.UTF_8);
        BufferedImage shown = screenshot(withTimeline);
        BufferedImage hidden = screenshot(withoutTimeline);
        int green = 0;
        int red = 0;
        for (int y = 0; y < Math.min(shown.getHeight(), hidden.getHeight()); y++) {
            for (int x = 0; x < Math.min(shown.getWidth(), hidden.getWidth()); x++) {
                int rgb = shown.getRGB(x, y) & 0xffffff;
                if (rgb == (hidden.getRGB(x, y) & 0xffffff)) {
                    continue;
                }
                if (near(rgb, PASSED_GREEN)) {
                    green++;
                } else if (near(rgb, FAILED_RED)) {
                    red++;
                }
            }
        }
        return new int[] {green, red};
    }

    private static boolean near(int rgb, int target) {
        return Math.abs(((rgb >> 16) & 0xff) - ((target >> 16) & 0xff)) <= 6
                && Math.abs(((rgb >> 8) & 0xff) - ((target >> 8) & 0xff)) <= 6
                && Math.abs((rgb & 0xff) - (target & 0xff)) <= 6;
    }

    private BufferedImage screenshot(Path page) throws IOException, InterruptedException {
        Path png = tmp.resolve(page.getFileName() + ".png");
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        List<String> command = List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1200,1600",
                "--screenshot=" + png, page.toUri().toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("chromium finished").isTrue();
        assertThat(png).as("screenshot; chromium said: " + Files.readString(tmp.resolve("chromium.log"))).exists();
        return ImageIO.read(png.toFile());
    }

    private static String chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("Chromium is not installed, and the HTML report must be checked in a real browser: "
                + "apt-get install -y chromium (./run-tests installs it when run as root).");
    }
}
