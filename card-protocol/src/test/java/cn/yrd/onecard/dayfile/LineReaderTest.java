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
}
