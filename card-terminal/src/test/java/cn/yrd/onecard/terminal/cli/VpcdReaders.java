package cn.yrd.onecard.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.yrd.onecard.sim.vpcd.PcscDaemon;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.smartcardio.TerminalFactory;

/** What the tests of terminal commands behind the real pcscd share: its two vpcd readers, and the command's output. */
final class VpcdReaders {
    private VpcdReaders() {
    }

    /** pcscd polls presence every 400 ms: a test starts once it has seen the last test's cards go. */
    static void empty() throws Exception {
        assumeTrue(PcscDaemon.running(), PcscDaemon.MISSING);
        for (String reader : new String[] {"Virtual PCD 00 00", "Virtual PCD 00 01"}) {
            assertThat(TerminalFactory.getDefault().terminals().getTerminal(reader).waitForCardAbsent(5_000))
                    .as(reader + " empty").isTrue();
        }
    }

    /** Waits up to 10 s for {@code count} lines starting with {@code prefix} in the command's output. */
    static void awaitLines(ByteArrayOutputStream bytes, String prefix, int count) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith(prefix)).count() >= count) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + count + " '" + prefix + "' lines in: " + bytes.toString(StandardCharsets.UTF_8));
    }
}
