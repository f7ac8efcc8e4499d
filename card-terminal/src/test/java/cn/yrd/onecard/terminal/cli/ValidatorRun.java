package cn.yrd.onecard.terminal.cli;

import cn.yrd.onecard.sim.pcsc.SimReaders;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code terminal validator} of Suzhou in the background on simulated reader {@code reader} (its PICC and SAM slots),
 * its console read as it prints, until it has served {@code taps} taps.
 */
final class ValidatorRun {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit;

    ValidatorRun(SimReaders readers, String reader, Path journal, int taps) {
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        exit = CompletableFuture.supplyAsync(() -> {
            try {
                return new TerminalCommand(out).run(new String[] {"validator", "--reader", reader + " PICC",
                    "--sam-reader", reader + " SAM", "--city", "3205", "--journal", journal.toString(), "--taps",
                    Integer.toString(taps)}, readers.terminalFactory());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits up to ten seconds for the console to show {@code text}. */
    void await(String text) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (printed().contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never printed '" + text + "': " + printed());
    }

    String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Its exit code once it has served its taps. */
    int exit() throws Exception {
        return exit.get(20, TimeUnit.SECONDS);
    }
}
