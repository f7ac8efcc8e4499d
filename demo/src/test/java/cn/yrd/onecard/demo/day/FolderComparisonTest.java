package cn.yrd.onecard.demo.day;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison of a disturbed night's files with the undisturbed night's (and of the standby's archive with the
 * night's files): it finds a byte changed, a file missing and a signature missing, and takes signatures of the same
 * files as equal (ECDSA signs afresh); the archive's list of hashes is not a file of the night. The whole drill runs
 * in CI ({@code .ci/run}: {@code ./onecard dr drill}), on the machinery {@code demo --dr} is tested on.
 */
class FolderComparisonTest {
    @TempDir
    Path dir;

    @Test
    void theNightsAreComparedByteForByteAndEachDifferenceIsNamed() throws Exception {
        Path undisturbed = Files.createDirectories(dir.resolve("undisturbed/2026-12-06"));
        Path disturbed = Files.createDirectories(dir.resolve("disturbed/2026-12-06"));
        for (Path d : new Path[] {undisturbed, disturbed}) {
            Files.writeString(d.resolve("3100-result.txt"), "H|CLEARING_RESULT|1|3100|20261206\nR|3100|3201|200\n");
            Files.writeString(d.resolve("3100-result.txt.p7s"), "signed at " + d);
            Files.writeString(d.resolve("settlement-instructions.txt"), "I|STL-20261206-3100|3100|CENTRE|3721\n");
            Files.writeString(d.resolve("settlement-instructions.txt.p7s"), "signed at " + d);
        }
        Files.writeString(disturbed.getParent().resolve("SHA256SUMS"), "the archive's list");
        assertThat(FolderComparison.differences(undisturbed.getParent(), disturbed.getParent())).isEmpty();

        Files.writeString(disturbed.resolve("3100-result.txt"), "H|CLEARING_RESULT|1|3100|20261206\nR|3100|3201|201\n");
        Files.delete(disturbed.resolve("settlement-instructions.txt.p7s"));
        Files.writeString(disturbed.resolve("3100-result.txt.tmp"), "left by a killed run");
        assertThat(FolderComparison.differences(undisturbed.getParent(), disturbed.getParent())).containsExactly(
                "2026-12-06/3100-result.txt differs from byte 48",
                "2026-12-06/3100-result.txt.tmp only in " + disturbed.getParent(),
                "2026-12-06/settlement-instructions.txt.p7s only in " + undisturbed.getParent());
    }
}
