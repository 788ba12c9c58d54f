package io.restoredrill.local.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.BackupUnreadableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which segments recovery from a base backup reads, and which are missing, from an archive's names: the gaps
 * PostgreSQL itself would pass over in silence when replaying to the end.
 */
class WalArchiveTest {

    private static final long MB16 = 16L * 1024 * 1024;
    /** pg_basebackup's label for a backup that starts in segment 2 of timeline 1. */
    private static final BackupLabel LABEL = BackupLabel.parse("""
            START WAL LOCATION: 0/2000028 (file 000000010000000000000002)
            CHECKPOINT LOCATION: 0/2000060
            BACKUP METHOD: streamed
            BACKUP FROM: primary
            START TIME: 2026-12-06 10:00:00 UTC
            LABEL: pg_basebackup base backup
            START TIMELINE: 1
            """);

    @Test
    void anUnbrokenArchiveIsReadFromTheBackupsFirstSegmentToItsNewest() {
        WalArchive.Analysis analysis = analyse(segments(1, 1, 6), Map.of());

        assertThat(analysis.first().fileName()).isEqualTo("000000010000000000000002");
        assertThat(analysis.last()).map(WalSegment::fileName).contains("000000010000000000000006");
        assertThat(analysis.hasGap()).isFalse();
    }

    @Test
    void aSegmentMissingInTheMiddleIsAGapNamedByItsFile() {
        List<String> names = segments(1, 2, 6);
        names.remove("000000010000000000000004");

        WalArchive.Analysis analysis = analyse(names, Map.of());

        assertThat(analysis.missing()).map(WalSegment::fileName).containsExactly("000000010000000000000004");
        assertThat(analysis.last()).map(WalSegment::fileName).contains("000000010000000000000006");
    }

    @Test
    void theBackupsOwnFirstSegmentMissingIsAGapToo() {
        WalArchive.Analysis analysis = analyse(segments(1, 3, 4), Map.of());

        assertThat(analysis.missing()).map(WalSegment::fileName).containsExactly("000000010000000000000002");
    }

    @Test
    void anArchiveWithNothingFromTheBackupOnHasOnlyItsFirstSegmentMissing() {
        WalArchive.Analysis analysis = analyse(List.of("000000010000000000000001"), Map.of());

        assertThat(analysis.last()).isEmpty();
        assertThat(analysis.missing()).map(WalSegment::fileName).containsExactly("000000010000000000000002");
    }

    @Test
    void afterATimelineSwitchTheNewTimelinesSegmentsAreReadAndTheOldOnesPastTheSwitchDoNotCount() {
        // GIVEN timeline 2 branched off timeline 1 in segment 5 (a promotion), which both timelines hold
        List<String> names = segments(1, 2, 7);
        names.addAll(segments(2, 5, 8));
        names.add("00000002.history");
        names.add("000000010000000000000006.partial");
        String history = "1\t0/5000A28\tbefore 2026-12-06 10:30:00.1+00\n";

        WalArchive.Analysis analysis = analyse(names, Map.of("00000002.history", history));

        assertThat(analysis.chain()).containsExactly(new WalArchive.Timeline(1, 0), new WalArchive.Timeline(2, 5));
        assertThat(analysis.last()).map(WalSegment::fileName).contains("000000020000000000000008");
        assertThat(analysis.hasGap()).isFalse();

        // WHEN a segment of the new timeline is missing THEN the old timeline's copy of it does not fill the gap
        names.remove("000000020000000000000006");
        assertThat(analyse(names, Map.of("00000002.history", history)).missing()).map(WalSegment::fileName)
                .containsExactly("000000020000000000000006");
    }

    @Test
    void aTimelineThatDoesNotDescendFromTheBackupsIsNotFollowed() {
        // GIVEN the backup is of timeline 2; timeline 3 branched off timeline 1 before it
        BackupLabel onTwo = BackupLabel.parse("START WAL LOCATION: 0/6000028 (file 000000020000000000000006)\nSTART TIMELINE: 2\n");
        List<String> names = segments(2, 6, 7);
        names.addAll(segments(3, 4, 9));
        names.add("00000003.history");

        WalArchive.Analysis analysis = WalArchive.analyse(names, onTwo, MB16,
                name -> Optional.of("1\t0/4000000\tno recovery target specified\n"));

        assertThat(analysis.chain()).extracting(WalArchive.Timeline::id).containsExactly(2);
        assertThat(analysis.last()).map(WalSegment::fileName).contains("000000020000000000000007");
    }

    @Test
    void compressedSegmentsCountAndOtherFilesOfTheArchiveDoNot() {
        List<String> names = new ArrayList<>(List.of("000000010000000000000002.gz", "000000010000000000000003.zst",
                "000000010000000000000002.00000028.backup", "archive_status", "000000010000000000000004.lz4"));

        WalArchive.Analysis analysis = analyse(names, Map.of());

        assertThat(analysis.last()).map(WalSegment::fileName).contains("000000010000000000000004");
        assertThat(analysis.hasGap()).isFalse();
    }

    @Test
    void segmentNamesFollowTheSegmentSizeAcrossALogIdBoundary() {
        long mb64 = 64L * 1024 * 1024;
        // 2^32 / 64 MB = 64 segments per log id: segment 64 is the first of log id 1
        assertThat(new WalSegment(1, 63, mb64).fileName()).isEqualTo("00000001000000000000003F");
        assertThat(new WalSegment(1, 64, mb64).fileName()).isEqualTo("000000010000000100000000");
        assertThat(WalSegment.ofFileName("000000010000000100000000", mb64)).contains(new WalSegment(1, 64, mb64));
        assertThat(WalSegment.ofFileName("000000010000000000000040", mb64)).as("no such segment with 64 MB").isEmpty();
        assertThat(new WalSegment(1, 256, MB16).fileName()).isEqualTo("000000010000000100000000");
        assertThat(Lsn.parse("1/2A000028").segment(MB16)).isEqualTo(256 + 0x2A);
    }

    @Test
    void aBackupLabelWithoutItsStartIsUnreadableAndAHistoryWithoutASwitchPointToo() {
        assertThatThrownBy(() -> BackupLabel.parse("LABEL: x\n")).isInstanceOf(BackupUnreadableException.class)
                .hasMessageContaining("START WAL LOCATION");
        assertThatThrownBy(() -> WalArchive.fromHistory(2, "1\n", MB16)).isInstanceOf(BackupUnreadableException.class)
                .hasMessageContaining("no switch point");
        assertThat(LABEL.startWal()).hasToString("0/2000028");
        assertThat(LABEL.startTimeline()).isEqualTo(1);
        assertThat(LABEL.startTime()).isEqualTo("2026-12-06 10:00:00 UTC");
    }

    private static WalArchive.Analysis analyse(List<String> names, Map<String, String> histories) {
        return WalArchive.analyse(names, LABEL, MB16, name -> Optional.ofNullable(histories.get(name)));
    }

    /** The names of segments {@code from..to} of a timeline. */
    private static List<String> segments(int timeline, long from, long to) {
        List<String> names = new ArrayList<>();
        for (long n = from; n <= to; n++) {
            names.add(new WalSegment(timeline, n, MB16).fileName());
        }
        return names;
    }
}
