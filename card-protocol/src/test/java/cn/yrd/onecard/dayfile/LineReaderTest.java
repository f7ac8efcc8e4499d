package cn.yrd.onecard.dayfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {
    @Test
    void asciiAndUtf8LinesReadAsTheirTextAndABrokenOneIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("lines.txt"), new byte[] {'D', '|', '1', '\n', (byte) 0xE8, (byte) 0x8B,
                (byte) 0x8F, (byte) 0xE5, (byte) 0xB7, (byte) 0x9E, '\n', 'A', (byte) 0xFF, '\n'});
        try (LineReader lines = new LineReader(file)) {
            assertThat(lines.decode(lines.next())).isEqualTo("D|1");
            assertThat(lines.decode(lines.next())).isEqualTo("苏州");
            byte[] broken = lines.next();
            assertThatThrownBy(() -> lines.decode(broken)).isInstanceOf(DayFileFormatException.class)
                    .hasMessage("lines.txt: line 3: line is not valid UTF-8");
        }
    }

    @Test
    void linesAcrossTheReadBuffersEdgeReadWhole(@TempDir Path dir) throws Exception {
        // The reader takes 64 KiB at a time: lines of 100 bytes cross its edge every 655 lines.
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            text.append(String.format("D|%097d%n", i).replace("\r", ""));
        }
        text.append('\n'); // an empty line is a line
        text.append("x".repeat(LineReader.MAX_LINE_BYTES)).append('\n'); // as long as a line may be
        Path file = Files.writeString(dir.resolve("lines.txt"), text);
        try (LineReader lines = new LineReader(file)) {
            for (int i = 0; i < 2_000; i++) {
                assertThat(lines.decode(lines.next())).isEqualTo(String.format("D|%097d", i));
                assertThat(lines.number()).isEqualTo(i + 1);
            }
            assertThat(lines.next()).isEmpty();
            assertThat(lines.next()).hasSize(LineReader.MAX_LINE_BYTES);
            assertThat(lines.next()).isNull();
            assertThat(lines.next()).as("still at the end").isNull();
        }
    }

    @Test
    void aCarriageReturnALineTooLongAndAMissingLastLineFeedAreRefusedNamingTheLine(@TempDir Path dir)
            throws Exception {
        String before = "D|1\n".repeat(20_000); // the faults come after the read buffer's first edge
        assertThat(refusal(dir, before + "D|2\r\n")).isEqualTo(
                "lines.txt: line 20001: carriage return in line: lines end with LF alone");
        assertThat(refusal(dir, before + "x".repeat(LineReader.MAX_LINE_BYTES + 1) + "\n")).isEqualTo(
                "lines.txt: line 20001: line longer than 4096 bytes");
        assertThat(refusal(dir, before + "D|2")).isEqualTo(
                "lines.txt: line 20001: last line has no line feed (file truncated?)");
    }

    private static String refusal(Path dir, String text) throws Exception {
        Path file = Files.writeString(dir.resolve("lines.txt"), text);
        try (LineReader lines = new LineReader(file)) {
            while (lines.next() != null) {
                // to the fault
            }
            return "read to the end";
        } catch (DayFileFormatException e) {
            return e.getMessage();
        }
    }
}
