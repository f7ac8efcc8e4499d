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
    void aTillTakesTheAmountsTypedAtItFromTheCardsTapped() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = SimTerminal.run(new String[] {"pos", "--journal", dir.toString()},
                new SlowInput("0\n12.50\ntap 6\nremove\n3.20\ntap 6\nremove\nquit\n", 500),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).contains("till of Sim Shop (RETAIL, Suzhou (3205))")
                .contains("NOT PAID: the amount must be more than 0.00 yuan, got 0.00")
                .containsPattern("RECEIPT Sim Shop \\| card \\*+\\d{4} \\w+ \\(\\d{4}\\) \\| paid 12\\.50 yuan \\| balance ")
                .containsPattern("RECEIPT Sim Shop \\| .* \\| paid 3\\.20 yuan \\| .* \\| TAC [0-9A-F]{8}");
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

    /**
     * A Ningbo counter with the home cities' hosts in the process: the Suzhou citizen's bill is computed by Suzhou and
     * cancelled; her pension, lapsed in the register, is refused until her proof of life, then paid with the months
     * missed. What the counter sent carries Suzhou's word.
     */
    @Test
    void aCounterAsksTheCardsHomeCityThroughInProcessHosts() throws Exception {
        Path wallet = dir.resolve("wallet.json");
        cn.yrd.onecard.sim.personal.WalletCommand.write(wallet, 16, 1);
        String pin = tools.jackson.databind.json.JsonMapper.shared().readTree(wallet.toFile()).path("cards").path(4)
                .path("citizen").path("pin").asString();
        String year = Integer.toString(java.time.LocalDate.now().getYear());
        Path medical = dir.resolve("medical.txt");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = SimTerminal.run(new String[] {"counter", "--city", "3302", "--id", "NBH001", "--log",
            dir.resolve("counter").toString(), "--cards", wallet.toString()}, new SlowInput("tap 5\nclaim 1500.00 "
                    + "TWO INPATIENT " + pin + "\nreverse 3205-" + year + "-000001\npayout " + pin + "\nproof " + pin
                    + "\npayout " + pin + "\nexport medical " + java.time.LocalDate.now() + " " + medical + "\npin " + pin
                    + " 135790\nproof 000000\nproof 000000\nproof 000000\nunblock " + pin + "\nproof " + pin
                    + "\nquit\n"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        // 800.00 deductible, 80% of the other 700.00 from the fund, 300.00 from the account.
        assertThat(out).contains("claim 3205-" + year + "-000001: Suzhou (3205) pays 860.00 (its fund and the holder's "
                + "account), patient pays 640.00")
                .contains("reversed 3205-" + year + "-000001: 3205-" + year + "-000001-R, 860.00 back to Suzhou (3205)")
                .contains("refused: Suzhou (3205) refuses: card *****0004: the qualification was certified until ")
                .contains("proof of life 3205-L-000001 for Suzhou (3205)")
                .containsPattern("payout 3205-P-000002 of [0-9]+\\.00 yuan, owed by Suzhou \\(3205\\)")
                // Changed, blocked in Ningbo, unblocked there on Suzhou's word: the holder's PIN works again.
                .contains("PIN of card *****0004 changed").contains("refused: wrong PIN; the PIN is now blocked")
                .contains("PIN of card *****0004 reloaded on the word of Suzhou (3205): the new PIN holds, 3 tries")
                .contains("proof of life 3205-L-000003 for Suzhou (3205)");
        assertThat(java.nio.file.Files.readAllLines(medical)).filteredOn(l -> l.startsWith("D|")).hasSize(2)
                .allMatch(l -> l.matches(".*\\|[0-9A-F]{16}$"));
    }

    /**
     * At a counter, the kiosk replaces a lost card with the card on the reader: the centre (a stand-in answering as
     * the settlement service's counter API does) says 12.34 yuan moved, and the card gets them once, whether asked
     * once or twice; a refusal of the centre is one line and loads nothing.
     */
    @Test
    void aCounterReplacesALostCardWithTheCardOnTheReader() throws Exception {
        java.util.List<String> keys = new java.util.ArrayList<>();
        com.sun.net.httpserver.HttpServer centre = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        centre.createContext("/api/v1/counter/cards/", exchange -> {
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            boolean refused = exchange.getRequestURI().getPath().contains("/3302000000000099/");
            byte[] body = (refused ? "{\"error\":\"card 3302********0099 is not reported lost: report it first, then "
                    + "wait 7 day(s)\"}" : "{\"outcome\":\"REPLACED\",\"amountFen\":1234,\"replayed\":"
                    + (keys.size() > 1) + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(refused ? 400 : keys.size() > 1 ? 200 : 201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        centre.start();
        try {
            Path password = java.nio.file.Files.writeString(dir.resolve("officer.pass"), "s3cret\n");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int code = SimTerminal.run(new String[] {"kiosk", "--city", "3302", "--journal", dir.toString(),
                "--centre", "http://127.0.0.1:" + centre.getAddress().getPort(), "--officer", "nb.counter",
                "--officer-password-file", password.toString()}, new SlowInput("tap 2\nshow\nreplace 3302000000000041\n"
                        + "replace 3302000000000041\nreplace 3302000000000099\nshow\nquit\n"),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertThat(code).as(out).isZero();
            assertThat(out).containsPattern("replaced \\*+0041: 12\\.34 yuan loaded onto the new card, balance "
                    + "\\d+\\.\\d\\d yuan").containsPattern("replaced \\*+0041: 12\\.34 yuan were loaded before onto the "
                    + "new card").contains("not replaced: the centre refused the replacement (400): card 3302********0099 "
                    + "is not reported lost: report it first, then wait 7 day(s)");
            java.util.List<Long> balances = java.util.regex.Pattern.compile("balance (\\d+)\\.(\\d\\d) yuan").matcher(out)
                    .results().map(m -> Long.parseLong(m.group(1)) * 100 + Long.parseLong(m.group(2))).toList();
            assertThat(balances.get(balances.size() - 1) - balances.get(0)).as("loaded once: " + out).isEqualTo(1234);
            assertThat(keys).hasSize(3).first().asString().startsWith("REPL-3302000000000041-");
        } finally {
            centre.stop(0);
        }
    }

    /** Console input that arrives a line at a time, as a person types, so cards move before commands run. */
    private static final class SlowInput extends ByteArrayInputStream {
        private final long millis;

        SlowInput(String text) {
            this(text, 150);
        }

        /** A line every {@code millis}: a card held that long in the field. */
        SlowInput(String text, long millis) {
            super(text.getBytes(StandardCharsets.UTF_8));
            this.millis = millis;
        }

        /** Nothing is ever waiting: a reader must not take the next line before its time (InputStreamReader would). */
        @Override
        public synchronized int available() {
            return 0;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            try {
                Thread.sleep(millis);
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
