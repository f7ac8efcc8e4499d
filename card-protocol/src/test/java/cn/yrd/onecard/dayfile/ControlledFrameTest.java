package cn.yrd.onecard.dayfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one frame of the controlled files: what its writer writes, its reader takes back, and damage it refuses. */
class ControlledFrameTest {
    @TempDir
    Path dir;

    @Test
    void eachTrailerShapeIsWrittenAndReadBack() throws Exception {
        for (ControlledFrame.Trailer shape : ControlledFrame.Trailer.values()) {
            Path file = dir.resolve(shape + ".txt");
            ControlledFrame.Writer out = new ControlledFrame.Writer(file, shape, "H|TEST|1");
            out.line("L|a|120", 120);
            out.line("L|b|30", 30);
            out.close();
            List<String> body = new ArrayList<>();
            ControlledFrame.Totals totals = ControlledFrame.read(file, shape, format(body));
            assertThat(totals).isEqualTo(out.totals());
            assertThat(body).containsExactly("L|a|120", "L|b|30");
            String trailer = Files.readAllLines(file).get(3);
            switch (shape) {
                case COUNT_SHA256 -> assertThat(trailer).isEqualTo(ControlledFrame.trailer(body)).matches(
                        "T\\|2\\|[0-9a-f]{64}");
                case COUNT_AMOUNT_SHA256 -> assertThat(trailer).matches("T\\|2\\|150\\|[0-9a-f]{64}");
                case COUNT_AMOUNT -> assertThat(trailer).isEqualTo("T|2|150");
            }
        }
    }

    @Test
    void damageIsNamedByLineAndField() throws Exception {
        Path file = dir.resolve("amounts.txt");
        Files.writeString(file, "H|TEST|1\nL|a|120\nL|b|31\nT|2|150\n");
        assertRefused(file, "amounts.txt: line 4, field amount_total: trailer says 150 fen, the lines sum to 151");
        Files.writeString(file, "H|TEST|1\nL|a|120\nT|2|120\n");
        assertRefused(file, "amounts.txt: line 3, field count: trailer says 2 lines, the file has 1");
        Files.writeString(file, "H|TEST|1\nL|a|120\nT|1|120|00\n");
        assertRefused(file, "amounts.txt: line 3: a trailer is T|count|amount_total, this one has 4 fields");
        Files.writeString(file, "H|TEST|1\nL|a|120\nT|1|-120\n");
        assertRefused(file, "amounts.txt: line 3, field amount_total: '-120' is not a whole number");
        Files.writeString(file, "H|TEST|1\nL|a|120\n");
        assertRefused(file, "amounts.txt: line 3: no trailer (file truncated?)");
        Files.writeString(file, "H|TEST|1\nL|a|" + Long.MAX_VALUE + "\nL|b|1\nT|2|0\n");
        assertRefused(file, "amounts.txt: line 3: the amounts add up past what a 64-bit fen total holds");
    }

    @Test
    void anAbandonedWriterLeavesTheLastWholeFileAndNoOther() throws Exception {
        Path file = dir.resolve("out.txt");
        ControlledFrame.Writer first = new ControlledFrame.Writer(file, ControlledFrame.Trailer.COUNT_SHA256, "H|X");
        first.line("L|1", 0);
        first.close();
        String whole = Files.readString(file);

        ControlledFrame.Writer second = new ControlledFrame.Writer(file, ControlledFrame.Trailer.COUNT_SHA256, "H|X");
        second.line("L|2", 0);
        assertThatThrownBy(() -> second.line("T|1|abc", 0)).as("a body line that would end the file")
                .isInstanceOf(IllegalArgumentException.class);
        for (String broken : new String[] {"L|3\nT|1|abc", "L|3\r", "\nL|3"}) {
            assertThatThrownBy(() -> second.line(broken, 0)).as("a body line holding a line break")
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("a body line holds a line break");
        }
        second.abandon();

        assertThat(Files.readString(file)).isEqualTo(whole);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    private static ControlledFrame.Format format(List<String> body) {
        return new ControlledFrame.Format() {
            @Override
            public void header(ControlledFrame.Line line) {
            }

            @Override
            public long body(ControlledFrame.Line line) {
                body.add(line.text());
                String[] f = line.fields();
                return Long.parseLong(f[f.length - 1]);
            }
        };
    }

    private static void assertRefused(Path file, String message) {
        assertThatThrownBy(() -> ControlledFrame.read(file, ControlledFrame.Trailer.COUNT_AMOUNT, format(
                new ArrayList<>()))).isInstanceOf(DayFileFormatException.class).hasMessageStartingWith(message);
    }
}
