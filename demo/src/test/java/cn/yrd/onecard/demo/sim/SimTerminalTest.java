package cn.yrd.onecard.demo.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal commands with --sim: the simulator in the same process, cards tapped from the console. */
class SimTerminalTest {
    @TempDir
    Path dir;

    @Test
    void aValidatorChargesCardsTappedFromTheConsole() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String console = "cards\ntap 1\n";
        // The validator stops after one tap; the console's input ends with it.
        int code = SimTerminal.run(new String[] {"validator", "--city", "3100", "--journal", dir.toString(), "--taps",
            "1"}, new SlowInput(console), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(out).contains("16 cards").contains("Shanghai (3100) transit card")
                .containsPattern("OPEN +\\*+0000 Shanghai \\(3100\\) fare \\d+\\.\\d\\d balance");
    }

    @Test
    void aKioskTopsUpThroughAnInProcessLoadHost() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = SimTerminal.run(new String[] {"kiosk", "--city", "3302", "--journal", dir.toString()},
                new SlowInput("tap 2\nshow\ntopup 10\nquit\n"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(out).contains("kiosk ").containsPattern("loaded 10 yuan: balance \\d+\\.\\d\\d yuan");
    }

    /** Console input that arrives a line at a time, as a person types, so cards move before commands run. */
    private static final class SlowInput extends ByteArrayInputStream {
        SlowInput(String text) {
            super(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int n = 0;
            int c;
            while (n < len && (c = read()) != -1) {
                b[off + n++] = (byte) c;
                if (c == '\n') {
                    break;
                }
            }
            return n == 0 ? -1 : n;
        }
    }
}
