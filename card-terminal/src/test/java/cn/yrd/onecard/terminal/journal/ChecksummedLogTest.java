package cn.yrd.onecard.terminal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummedLogTest {
    @TempDir
    Path dir;

    /**
     * A reserved log writes its lines into space the file already has, so a line's sync records no new size; the file
     * grows a reserve at a time, and every line is read back across the growths.
     */
    @Test
    void aReservedLogWritesIntoItsReserveAndGrowsAReserveAtATime() throws Exception {
        Path file = dir.resolve("journal.log");
        int reserve = 4096;
        List<String> written = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        try (ChecksummedLog log = ChecksummedLog.open(file, reserve)) {
            long opened = Files.size(file);
            assertThat(opened).as("half a reserve at least on opening").isGreaterThanOrEqualTo(reserve / 2);
            for (int i = 0; i < 200; i++) {
                String line = i + "|C|" + "7".repeat(60);
                log.append(line);
                written.add(line);
                sizes.add(Files.size(file));
            }
            long growths = sizes.stream().distinct().count();
            // 200 lines of about 72 bytes are 14 KiB: three or four growths, never one a line.
            assertThat(growths).isBetween(3L, 5L);
            assertThat(sizes.get(0)).isEqualTo(opened);
        }
        assertThat(Files.size(file)).as("the reserve stays when the log closes").isGreaterThan(200 * 72);
        assertThat(ChecksummedLog.read(file)).isEqualTo(written);
        try (ChecksummedLog log = ChecksummedLog.open(file, reserve)) {
            assertThat(log.lines()).isEqualTo(written);
            assertThat(log.droppedTornLine()).isFalse();
            log.append("200|C|end");
        }
        written.add("200|C|end");
        assertThat(ChecksummedLog.read(file)).isEqualTo(written);
    }

    /** A plain log opening a reserved file (or one a crash left zero bytes in) cuts it to its lines: no zeros between. */
    @Test
    void aPlainLogCutsZeroBytesAfterItsLinesBeforeWriting() throws Exception {
        Path file = dir.resolve("counter.log");
        try (ChecksummedLog log = ChecksummedLog.openReserved(file)) {
            log.append("1|a");
        }
        try (ChecksummedLog log = ChecksummedLog.open(file)) {
            log.append("2|b");
        }
        assertThat(Files.readString(file)).startsWith("1|a|").contains("\n2|b|").doesNotContain("\0");
        assertThat(ChecksummedLog.read(file)).containsExactly("1|a", "2|b");
    }
}
