package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file's name is data: a name with a '|' (which split the detail lines settlement reads), a line feed, or bytes
 * that are not UTF-8 (which the load step could not open again, on every rerun) is quarantined at intake with the
 * reason; the night names it in its summary and exits 3, and a rerun gives the same night.
 */
class UnusableFileNamesTest {
    @TempDir
    Path dir;

    @Test
    void unusableNamesAreQuarantinedNamedInTheSummaryAndNeverStored() throws Exception {
        Nights.Inbox night = Nights.prepare(dir, 4, 30);
        Path inbox = night.dir();
        List<Path> files;
        try (var list = Files.list(inbox)) {
            files = list.sorted().toList();
        }
        Files.move(files.get(1), inbox.resolve("ACQ|01.txt"));
        Files.move(files.get(2), inbox.resolve("ACQ\n02.txt"));
        Process mv = new ProcessBuilder("bash", "-c", "mv \"$0\" \"$1\"/$'ACQ\\xff03.txt'", files.get(3).toString(),
                inbox.toString()).start();
        assertThat(mv.waitFor()).isZero();
        DatabaseConnection db = TestDatabase.forService("clearing_file_names");

        Nights.Outcome first = Nights.clear(db, night, dir.resolve("outbox"));

        assertThat(first.exit()).as(first.out()).isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(first.out().lines().filter(l -> l.startsWith("  quarantined ")).toList()).hasSize(3)
                .anyMatch(l -> l.startsWith("  quarantined ACQ?01.txt (kept as quarantine/unusable-name-"))
                .anyMatch(l -> l.startsWith("  quarantined ACQ?02.txt (kept as quarantine/unusable-name-"))
                .anyMatch(l -> l.matches("  quarantined ACQ\\?+03\\.txt "
                        + "\\(kept as quarantine/unusable-name-[0-9a-f]{12}\\): file name 'ACQ\\?+03\\.txt' is not usable: .*"));
        assertThat(Nights.count(db, "SELECT COUNT(*) FROM day_file")).as("only the well-named file is stored")
                .isEqualTo(1);
        try (var left = Files.list(inbox)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> !n.equals("quarantine")).toList())
                    .containsExactly(files.get(0).getFileName().toString());
        }
        try (var kept = Files.list(inbox.resolve("quarantine"))) {
            assertThat(kept.map(p -> p.getFileName().toString()).toList()).hasSize(6)
                    .allMatch(n -> n.matches("unusable-name-[0-9a-f]{12}(\\.report)?"));
        }

        Nights.Outcome again = Nights.clear(db, night, dir.resolve("outbox"));
        assertThat(again.exit()).isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(again.out()).contains("is already cleared");
        assertThat(again.out().lines().filter(l -> l.startsWith("  quarantined ")).toList())
                .isEqualTo(first.out().lines().filter(l -> l.startsWith("  quarantined ")).toList());
    }
}
