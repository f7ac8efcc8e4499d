package cn.yrd.onecard.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standby's archive: a file and its signature copied as they are, a {@code SHA256SUMS} that the system's own
 * {@code sha256sum -c} accepts and that catches a damaged copy, a rerun's same bytes copied once, nothing without the
 * setting.
 */
class StandbyArchiveTest {
    @TempDir
    Path dir;

    @Test
    void eachFileSentIsOnTheStandbyWithItsHashAndADamagedCopyIsCaught() throws Exception {
        Path outbox = Files.createDirectories(dir.resolve("outbox/2026-12-06"));
        Path result = Files.writeString(outbox.resolve("3100-result.txt"), "H|CLEARING_RESULT|1|3100|20261206\n");
        Files.writeString(outbox.resolve("3100-result.txt.p7s"), "a signature");
        Path standby = dir.resolve("standby");
        StandbyArchive archive = StandbyArchive.of(standby.toString());

        archive.copy("outbox", result, dir.resolve("outbox").relativize(result));
        archive.copy("outbox", result, dir.resolve("outbox").relativize(result)); // a rerun: the same bytes
        Path copy = standby.resolve("outbox/2026-12-06/3100-result.txt");
        assertThat(Files.mismatch(copy, result)).isEqualTo(-1);
        assertThat(Files.readString(standby.resolve("outbox/2026-12-06/3100-result.txt.p7s"))).isEqualTo("a signature");
        assertThat(Files.readAllLines(standby.resolve("outbox/SHA256SUMS"))).as("each file once").hasSize(2);
        assertThat(sha256sumCheck(standby.resolve("outbox"))).as("sha256sum -c").isZero();

        Files.writeString(copy, "H|CLEARING_RESULT|1|3100|20261207\n");
        assertThat(sha256sumCheck(standby.resolve("outbox"))).as("a damaged copy, caught by its hash").isNotZero();
        archive.copyAll("outbox", dir.resolve("outbox"), outbox);
        assertThat(Files.mismatch(copy, result)).as("copied again whole").isEqualTo(-1);

        StandbyArchive none = StandbyArchive.of(" ");
        none.copy("inbox", result, result.getFileName());
        assertThat(none.configured()).isFalse();
        assertThat(standby.resolve("inbox")).doesNotExist();
    }

    private static int sha256sumCheck(Path area) throws Exception {
        Process p = new ProcessBuilder("sha256sum", "--quiet", "-c", StandbyArchive.SUMS).directory(area.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
