package cn.yrd.onecard.demo.day;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.DayFileWriter;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.registry.MerchantRegisters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a newcomer runs it, small: the whole chain (cards, validators, day files, clearing and settlement
 * as child JVMs, the bank) keeps every promise, and the same seed gives the same day.
 */
class DemoCommandTest {
    @TempDir
    Path dir;

    record Day(int exit, String out) {
        /** The lines that are the day's figures, without timings and paths. */
        String figures() {
            return String.join("\n", out.lines().filter(l -> l.matches("^(3[0-9]{3} |the 16|  (TRANSIT|accepted|suspense)).*"))
                    .toList());
        }
    }

    @Test
    void aSmallDayKeepsEveryPromiseAndTheSameSeedGivesTheSameDay() throws Exception {
        Day first = day("--cards", "48", "--taps", "600", "--seed", "7");
        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(first.out()).contains("clearing of ").contains("the 16 positions sum to 0.00")
                .doesNotContain("BROKEN");
        assertThat(first.out().lines().filter(l -> l.startsWith("  held ")).count()).isEqualTo(19);
        assertThat(first.out()).contains("  held    each issuer's card float in the ledger = the balances its cards' "
                + "last accepted records left");
        assertThat(first.out()).contains("  held    the load host refused no registered kiosk at the handshake");
        assertThat(first.out()).contains("  held    each city's result, detail and merchants file, each biller's "
                + "remittance and the bank's instructions are signed by the centre, as sent");
        assertThat(first.out()).contains("  held    every payment a till took recorded once and sent")
                .contains("  held    every merchant paid exactly its net: its accepted payments less their discounts")
                .contains("  held    every bill payment clearing accepted remitted to its biller once, for its amount; none twice")
                .containsPattern("\\(([1-9][0-9]*) water bills\\)")
                .containsPattern("MERCHANT +\\d+ files");
        assertThat(first.out()).contains("  held    every load the host approved is in a kiosk's day file");
        assertThat(first.out()).contains("  held    each city's net = the day files' accepted cross-city business");
        assertThat(first.out()).contains("clearing: [H01]").containsPattern("MEDICAL +\\d+ files")
                .containsPattern("PENSION +\\d+ files");
        var dayFiles = Trust.dayFiles(dir.resolve("out/inbox"));
        var senders = dayFiles.stream().map(f -> f.getFileName().toString().replaceAll("[0-9].*", "")).toList();
        assertThat(senders).as("a bus validator in every city, four metros' gates").filteredOn("BUS"::equals)
                .hasSize(16);
        assertThat(senders).filteredOn("METRO"::equals).hasSize(12);
        assertThat(senders).as("each city's card company sends its merchants' payments").filteredOn("SHOPS"::equals)
                .hasSize(16);
        cn.yrd.onecard.pki.RegionalPki centre = cn.yrd.onecard.pki.RegionalPki.relyingOn(dir.resolve("out/pki"));
        for (var file : dayFiles) {
            var header = cn.yrd.onecard.dayfile.DayFileReader.readHeader(file);
            var signed = centre.verifySigned(file, cn.yrd.onecard.pki.RelyingParty.CENTRE, java.util.Optional.of(
                    header.senderCity()), java.util.Optional.of(cn.yrd.onecard.pki.Role.SENDER), java.time.Instant.now());
            assertThat(signed.holder()).as(file + " signed by its sender: " + signed.why())
                    .contains(header.senderId());
        }

        assertLedgerBreaksOnAPlantedFen(dir.resolve("out"));
        // Each plants its own fen: the chains' on a balance, the positions' on an amount, which the chains read too.
        assertBalanceChainsBreakOnAPlantedFen(dir.resolve("out"));
        assertPositionsBreakOnAPlantedFen(dir.resolve("out"), first.out());
        assertMerchantsBreakOnAPlantedFen(dir.resolve("out"));
        assertRemittancesBreakOnAPlantedBill(dir.resolve("out"));

        Day again = day("--cards", "48", "--taps", "600", "--seed", "7");
        assertThat(again.figures()).isNotBlank().isEqualTo(first.figures());
        Day other = day("--cards", "48", "--taps", "600", "--seed", "8");
        assertThat(other.figures()).isNotEqualTo(first.figures());
    }

    @Test
    void theFaultyDayKeepsEveryPromiseForEachSeedAndSaysWhatCaughtEachFault() throws Exception {
        // A seed whose night is killed and cut off from its database, whose settlement is killed while posting and
        // which holds a file back a night, and one spared all four.
        long struck = firstSeed(f -> f.killsClearing() && f.cutsDatabase() && f.killsSettlement()
                && f.holdsBackAFile());
        long spared = firstSeed(f -> !f.killsClearing() && !f.cutsDatabase() && !f.killsSettlement()
                && !f.holdsBackAFile());
        for (long seed : new long[] {struck, spared}) {
            Day day = day("--cards", "64", "--taps", "800", "--seed", Long.toString(seed), "--faults");
            assertFaultyDay(day, seed);
        }
    }

    /** Many faulty days in one command: one line a seed, then the count, and nothing left behind by a day that passed. */
    @Test
    void aSweepRunsManyFaultyDaysAndCountsThem() throws Exception {
        long struck = firstSeed(f -> f.killsClearing() && f.cutsDatabase());
        Day sweep = day("--faults", "--seeds", "1-2," + struck, "--cards", "48", "--taps", "400");
        assertThat(sweep.exit()).as(sweep.out()).isZero();
        assertThat(sweep.out()).containsPattern("seed 1 +pass \\(").containsPattern("seed 2 +pass \\(")
                .containsPattern("seed " + struck + " +pass \\(").contains("\n3 passed, 0 failed\n");
        // Days run side by side, their lines in the seeds' order all the same.
        assertThat(sweep.out()).contains(", " + Math.min(3, Runtime.getRuntime().availableProcessors())
                + " at a time,");
        assertThat(sweep.out().indexOf("seed 1 ")).isLessThan(sweep.out().indexOf("seed 2 "));
        assertThat(sweep.out().indexOf("seed 2 ")).isLessThan(sweep.out().indexOf("seed " + struck + " "));
        try (var left = Files.list(dir.resolve("out/seeds"))) {
            assertThat(left.toList()).as("a day that passed leaves nothing behind").isEmpty();
        }
    }

    /**
     * Three days on the same cards: the morning after the first night a card lost that evening is found again and
     * rides; on the last day another is replaced at the next city's counter, its money on the new card and the old
     * card refused, and a third is refunded to its holder's bank card, paid by that night's instructions.
     */
    @Test
    void severalDaysFindReplaceAndRefundTheFirstDaysLostCards() throws Exception {
        Day run = day("--days", "3", "--cards", "48", "--taps", "400", "--seed", "7");
        assertThat(run.exit()).as(run.out()).isZero();
        java.time.LocalDate today = java.time.LocalDate.now();
        assertThat(run.out()).doesNotContain("BROKEN").contains("\n3 days, every promise held\n")
                .contains("a day in the delta: " + today.minusDays(2)).contains("a day in the delta: " + today)
                .contains("  held    the card found again came off the centre's list, every validator merged the "
                        + "delta, and it rode")
                .contains("  held    the replaced card's money, as its last accepted record left it, is on the new card")
                .contains("  held    the replaced card is refused at its next tap, and nothing is taken from it")
                .contains("  held    the refunded card's money, as its last accepted record left it, is instructed "
                        + "once to the holder's bank card, and the bank paid it")
                .contains("  held    each city's net = the day files' accepted cross-city business, less the fee "
                        + "table's fees and the counters' lost cards")
                .containsPattern("the old card, at its own city's bus, was refused \\(card hotlisted")
                // The first day's story at the counters, as the home cities decide it.
                .containsPattern("pension: retiree \\*+[0-9]{4} of .+: refused \\(.+ refuses: card \\*+[0-9]{4}: the "
                        + "qualification was certified until .+\\); proof of life [0-9]{4}-L-[0-9]{6}; paid [0-9]+\\.[0-9]{2} "
                        + "yuan at once, the months missed included")
                .containsPattern("medical: .+'s hospital cancelled claim [0-9]{4}-[0-9]{4}-[0-9]{6} of .+: reversing claim "
                        + "[0-9]{4}-[0-9]{4}-[0-9]{6}-R, the year given back")
                .containsPattern("medical: patient .+: the fund's annual cap of 10000\\.00 yuan reached")
                .containsPattern("citizen card \\*+[0-9]{4}, reported lost at a counter of [A-Za-z ()]+ after its PIN "
                        + "was checked, was found");
        assertThat(run.out().lines().filter(l -> l.startsWith("  held    each issuer's card float")).count())
                .as("the float checked every night, the money of the refunded and replaced cards gone").isEqualTo(3);

        // The refund's check can fail: a bank that did not pay it, an instruction for another amount.
        Path instructions = dir.resolve("out/outbox/" + today + "/settlement-instructions.txt");
        Path confirmation = dir.resolve("out/bank/confirmation-" + today.toString().replace("-", "") + ".txt");
        String[] refund = Files.readAllLines(instructions).stream().filter(l -> l.startsWith("I|RFD-")).findFirst()
                .orElseThrow().split("\\|");
        long held = Long.parseLong(refund[4]);
        assertThat(CardLife.refundInstructed(instructions, confirmation, refund[2], refund[3], held)).isEmpty();
        Path unpaid = Files.write(dir.resolve("unpaid.txt"), Files.readAllLines(confirmation).stream()
                .filter(l -> !l.startsWith("C|" + refund[1] + "|")).toList());
        assertThat(CardLife.refundInstructed(instructions, unpaid, refund[2], refund[3], held))
                .containsExactly("the bank did not confirm " + refund[1]);
        assertThat(CardLife.refundInstructed(instructions, confirmation, refund[2], refund[3], held + 1)).hasSize(1);
        assertThat(CardLife.bankCard(new java.util.Random(1))).as("a bank card number with its Luhn digit")
                .matches("622202[0-9]{13}").satisfies(n -> assertThat(luhn(n)).isZero());
    }

    private static int luhn(String number) {
        int sum = 0;
        for (int i = 0; i < number.length(); i++) {
            int d = number.charAt(number.length() - 1 - i) - '0';
            sum += i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
        }
        return sum % 10;
    }

    /**
     * {@code demo --dr}: the day on a replicated pair of mariadbd servers; the primary's site lost mid-clearing, the
     * standby promoted, the night finished there by the services' configuration alone, every promise of the day kept
     * and nothing committed lost (the lost disk read back); no server outlives the day.
     */
    @Test
    void theDayOnTwoSitesLosesItsPrimaryMidClearingAndKeepsEveryPromise() throws Exception {
        Day day = day("--dr", "--cards", "48", "--taps", "600");
        assertThat(day.exit()).as(day.out()).isZero();
        assertThat(day.out()).contains("  held    nothing committed was lost with the primary's site (the lost disk "
                + "read back)").contains("  held    every day file taken in and every file sent is on the standby "
                + "site, byte for byte").containsPattern("  site A \\([0-9.]+:\\d+\\) lost mid-clearing \\(SIGKILL, its "
                + "database and the command on it\\) 1000 ms into the work; the standby promoted in \\d+\\.\\d s; site B "
                + "\\([0-9.]+:\\d+\\) serves the rest of the night").containsPattern("  the two sites: (as two hosts "
                + "in network namespaces of their own|on loopback)").containsPattern("  recovery time: \\d+\\.\\d s from the loss "
                + "to the rerun's end").containsPattern("replication lag under the clearing's load: at most \\d+ "
                + "transactions behind").contains("clearing of ").contains("the 16 positions sum to 0.00");
        assertThat(Files.readString(dir.resolve("out/logs/01-clearing-killed.log"))).as("the first clearing ran on "
                + "site A and died with it").doesNotContain("COMPLETED");
        assertThat(ProcessHandle.current().descendants().map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains("mariadbd") && line.contains(dir.toString())).toList()).as("the two sites' servers stopped with the day").isEmpty();
    }

    @Test
    void badSweepArgumentsAreOneLineUsageErrors() {
        for (String[] args : new String[][] {{"--seeds", "one-two"}, {"--seeds", "5-1"}, {"--seeds", "1,,2"},
            {"--seeds", "1-3", "--cards", "0"}, {"--seeds", "1-3", "--taps", "-1"}, {"--seeds", "1-3", "--serve"},
            {"--seeds", "1-3", "--seed", "4"}, {"--days", "2", "--faults"}, {"--days", "2", "--seeds", "1-3"},
            {"--days", "0"}, {"--days", "8"}, {"--dr", "--faults"}, {"--dr", "--days", "2"},
            {"--dr", "--seeds", "1-3"}, {"--dr", "--serve"}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = Cli.run(() -> new DemoCommand(new PrintStream(out, true, StandardCharsets.UTF_8), Map.of())
                    .run(args));
            assertThat(exit).as(String.join(" ", args)).isEqualTo(Cli.USAGE);
            assertThat(out.toString(StandardCharsets.UTF_8)).as("nothing ran").isEmpty();
        }
        assertThat(Sweep.seeds("1-3,7,2")).containsExactly(1L, 2L, 3L, 7L);
    }

    /**
     * The positions invariant can fail: the day's own files give the settled nets, and a fen added to one accepted
     * cross-city ride of a day file (its trailer made anew, as a sender's bug would) breaks exactly the two cities
     * the ride is between, each named with both figures.
     */
    private static void assertPositionsBreakOnAPlantedFen(Path out, String output) throws Exception {
        Path inbox = out.resolve("inbox");
        ClearedDetail detail = ClearedDetail.read(Files.list(out.resolve("outbox")).filter(Files::isDirectory)
                .findFirst().orElseThrow());
        Positions.FeeTable fees = Positions.FeeTable.ofClearing(Path.of("../clearing/target/clearing.jar"));
        Map<String, Long> settled = Positions.settled(output);
        assertThat(settled).hasSize(16);
        MerchantRegisters merchants = MerchantRegisters.read(out.resolve("merchants"));
        assertThat(Positions.differences(Positions.fromDayFiles(inbox, detail, fees, merchants), settled)).isEmpty();

        Path file = null;
        TransitRecord ride = null;
        int line = 0;
        for (Path f : Trust.dayFiles(inbox).stream().filter(p -> p.getFileName().toString().startsWith("BUS"))
                .toList()) {
            List<TransitRecord> records = DayFileReader.read(f, RecordFormats.TRANSIT).records();
            for (int i = 0; i < records.size() && ride == null; i++) {
                // A paid ride: on a free one the fee (never above the amount) would take the planted fen.
                if (records.get(i).isCrossCity() && records.get(i).amount() >= 100
                        && detail.acceptedAt(f.getFileName().toString(), i + 2)) {
                    file = f;
                    ride = records.get(i);
                    line = i;
                }
            }
        }
        assertThat(ride).as("a cross-city ride to plant a fen on").isNotNull();
        var day = DayFileReader.read(file, RecordFormats.TRANSIT);
        List<TransitRecord> planted = new java.util.ArrayList<>(day.records());
        TransitRecord r = ride;
        planted.set(line, Faults.withAmount(r, r.amount() + 1));
        DayFileWriter.write(file, RecordFormats.TRANSIT, day.header(), planted);

        List<String> broken = Positions.differences(Positions.fromDayFiles(inbox, detail, fees, merchants), settled);
        assertThat(broken).hasSize(2);
        assertThat(broken).anyMatch(l -> l.startsWith(r.issuer().code() + " " + r.issuer().nameEn() + ": settled "))
                .anyMatch(l -> l.startsWith(r.acquirer().code() + " " + r.acquirer().nameEn() + ": settled "));
    }

    /**
     * The merchants invariant can fail: every merchant was paid its net, and a transfer the bank executed a fen short
     * breaks exactly that merchant, named with both figures.
     */
    private static void assertMerchantsBreakOnAPlantedFen(Path out) throws Exception {
        Path outbox = out.resolve("outbox");
        java.time.LocalDate date = night(outbox);
        ClearedDetail detail = ClearedDetail.read(outbox.resolve(date.toString()));
        Positions.FeeTable fees = Positions.FeeTable.ofClearing(Path.of("../clearing/target/clearing.jar"));
        MerchantRegisters merchants = MerchantRegisters.read(out.resolve("merchants"));
        Path confirmation = out.resolve("bank/confirmation-" + date.toString().replace("-", "") + ".txt");
        assertThat(Positions.merchantsNotPaidTheirNet(out.resolve("inbox"), detail, fees, merchants, confirmation,
                date)).isEmpty();
        List<String> lines = Files.readAllLines(confirmation);
        int paid = java.util.stream.IntStream.range(0, lines.size()).filter(i -> lines.get(i).startsWith("C|MPY-"))
                .findFirst().orElseThrow();
        String[] f = lines.get(paid).split("\\|");
        f[4] = Long.toString(Long.parseLong(f[4]) - 1);
        lines.set(paid, String.join("|", f));
        Files.write(confirmation, lines);
        assertThat(Positions.merchantsNotPaidTheirNet(out.resolve("inbox"), detail, fees, merchants, confirmation,
                date)).singleElement().asString().startsWith("merchant " + f[1].substring(13) + ": owed ");
    }

    /**
     * The bills invariant can fail: every bill payment clearing accepted is remitted once; a remittance that leaves a
     * bill out (rewritten whole, its trailer matching, as a clearing bug would write it) breaks exactly that bill, and
     * one that carries a bill twice breaks it too.
     */
    private static void assertRemittancesBreakOnAPlantedBill(Path out) throws Exception {
        java.time.LocalDate date = night(out.resolve("outbox"));
        Path night = out.resolve("outbox").resolve(date.toString());
        ClearedDetail detail = ClearedDetail.read(night);
        java.util.Set<String> billers = new java.util.TreeSet<>();
        try (var files = Files.list(night.resolve("remittance"))) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".txt"))
                    .forEach(f -> billers.add(f.substring(0, 15)));
        }
        assertThat(billers).as("the four water works").hasSize(4);
        assertThat(Positions.billsNotRemittedOnce(out.resolve("inbox"), detail, night, billers)).isEmpty();
        String biller = null;
        List<String> lines = null;
        for (String b : billers) {
            lines = Files.readAllLines(night.resolve("remittance/" + b + ".txt"));
            if (lines.size() > 3) {
                biller = b;
                break;
            }
        }
        assertThat(biller).as("a works with two bills paid or more").isNotNull();
        Path file = night.resolve("remittance/" + biller + ".txt");
        List<String> body = lines.subList(1, lines.size() - 1);
        String dropped = body.get(0).split("\\|")[1];
        rewrite(file, lines.get(0), body.subList(1, body.size()));
        assertThat(Positions.billsNotRemittedOnce(out.resolve("inbox"), detail, night, billers)).singleElement()
                .asString().startsWith("biller " + biller + " bill " + dropped + ": accepted [").endsWith("remitted []");
        List<String> twice = new java.util.ArrayList<>(body);
        twice.add(1, body.get(0));
        rewrite(file, lines.get(0), twice);
        assertThat(Positions.billsNotRemittedOnce(out.resolve("inbox"), detail, night, billers)).singleElement()
                .asString().startsWith("biller " + biller + " bill " + dropped + ": ");
    }

    private static void rewrite(Path file, String header, List<String> body) throws Exception {
        var w = new cn.yrd.onecard.dayfile.ControlledFrame.Writer(file,
                cn.yrd.onecard.dayfile.ControlledFrame.Trailer.COUNT_AMOUNT_SHA256, header);
        for (String line : body) {
            w.line(line, Long.parseLong(line.split("\\|")[2]));
        }
        w.close();
    }

    /** The business date of the one night in {@code outbox}. */
    private static java.time.LocalDate night(Path outbox) throws java.io.IOException {
        try (var days = Files.list(outbox)) {
            return java.time.LocalDate.parse(days.filter(Files::isDirectory).findFirst().orElseThrow()
                    .getFileName().toString());
        }
    }

    /** The first seed from 1 whose drawn faults satisfy {@code which}. */
    private static long firstSeed(java.util.function.Predicate<Faults> which) {
        long seed = 1;
        while (!which.test(new Faults(seed, true))) {
            seed++;
        }
        return seed;
    }

    /**
     * The ledger-against-bank invariant can fail: the day's ledger moved as the bank's files say, and one fen posted
     * through the bank for a city the bank never moved (a correcting entry gone wrong) breaks exactly that city.
     */
    private static void assertLedgerBreaksOnAPlantedFen(Path out) throws Exception {
        Path outbox = out.resolve("outbox");
        java.time.LocalDate date = night(outbox);
        Path instructions = outbox.resolve(date + "/settlement-instructions.txt");
        Path confirmation = out.resolve("bank/confirmation-" + date.toString().replace("-", "") + ".txt");
        DatabaseConnection server = TestDatabase.server();
        DatabaseConnection settlement = new DatabaseConnection(server.url() + "onecard_demo_settlement", server.user(),
                server.password());
        Map<String, Long> bank = BankLedger.fromBank(instructions, confirmation);
        assertThat(bank.values()).as("the bank moved money").anyMatch(v -> v != 0);
        assertThat(BankLedger.differences(bank, BankLedger.fromLedger(settlement, date))).isEmpty();

        try (var c = java.sql.DriverManager.getConnection(settlement.url(), settlement.user(), settlement.password());
                var s = c.createStatement()) {
            s.executeUpdate("INSERT INTO journal_entry (business_date, kind, reference, description, posted_at) VALUES "
                    + "('" + date + "', 'BANK', 'PLANTED', 'a fen the bank never moved', NOW(3))");
            s.executeUpdate("INSERT INTO journal_line (entry_id, line_no, account, debit, credit) SELECT id, 1, "
                    + "'3205.SETTLEMENT', 1, 0 FROM journal_entry WHERE reference = 'PLANTED'");
            s.executeUpdate("INSERT INTO journal_line (entry_id, line_no, account, debit, credit) SELECT id, 2, "
                    + "'CENTRE.BANK', 0, 1 FROM journal_entry WHERE reference = 'PLANTED'");
        }
        assertThat(BankLedger.differences(bank, BankLedger.fromLedger(settlement, date))).singleElement()
                .asString().startsWith("3205 Suzhou: the ledger moved ");

        // The card float's check, on the same ledger: it held; a fen planted on Suzhou's float account breaks it.
        Map<String, Long> held = BankLedger.cardFloat(settlement);
        assertThat(held.values()).as("cards hold money").anyMatch(v -> v > 0);
        try (var c = java.sql.DriverManager.getConnection(settlement.url(), settlement.user(), settlement.password());
                var s = c.createStatement()) {
            s.executeUpdate("INSERT INTO journal_entry (business_date, kind, reference, description, posted_at) VALUES "
                    + "('" + date + "', 'CARD', 'PLANTED-FLOAT', 'a fen no card holds', NOW(3))");
            s.executeUpdate("INSERT INTO journal_line (entry_id, line_no, account, debit, credit) SELECT id, 1, "
                    + "'3205.CARD_FUNDS', 1, 0 FROM journal_entry WHERE reference = 'PLANTED-FLOAT'");
            s.executeUpdate("INSERT INTO journal_line (entry_id, line_no, account, debit, credit) SELECT id, 2, "
                    + "'3205.CARD_FLOAT', 0, 1 FROM journal_entry WHERE reference = 'PLANTED-FLOAT'");
        }
        assertThat(BankLedger.floatDifferences(held, BankLedger.cardFloat(settlement))).singleElement().asString()
                .startsWith("3205: the ledger's 3205.CARD_FLOAT says ");
    }

    /**
     * The balance-chain invariant can fail: every card's records in the day files run from the balance cards.json
     * issued it with, without a gap, and one fen more on one record's balance before (its file's trailer made anew,
     * as a validator's bug would) breaks exactly that card, named; so does a card whose final balance is a fen off.
     */
    private static void assertBalanceChainsBreakOnAPlantedFen(Path out) throws Exception {
        Path inbox = out.resolve("inbox");
        Map<String, Long> issued = new java.util.TreeMap<>();
        new tools.jackson.databind.ObjectMapper().readTree(out.resolve("cards.json").toFile()).get("cards")
                .forEach(c -> issued.put(c.get("serial").asString(), c.get("balance").asLong()));
        // What each card holds at the end: its issued balance moved by each of its records (counted once).
        Map<String, Long> held = new java.util.TreeMap<>(issued);
        Map<String, TransitRecord> once = new java.util.HashMap<>();
        Path file = null;
        TransitRecord ride = null;
        int at = 0;
        for (Path f : Trust.dayFiles(inbox)) {
            var kind = DayFileReader.readHeader(f).kind();
            if (kind != DayFileKind.TRANSIT && kind != DayFileKind.MERCHANT) {
                continue;
            }
            // Rides, loads and the merchants' payments: one purse.
            List<TransitRecord> records = DayFileReader.read(f, RecordFormats.purse(kind)).records();
            for (int i = 0; i < records.size(); i++) {
                TransitRecord r = records.get(i);
                if (once.putIfAbsent(r.cardSerial().digits() + r.type() + r.atc(), r) == null) {
                    held.merge(r.cardSerial().digits(), r.balanceAfter() - r.balanceBefore(), Long::sum);
                }
                if (ride == null && r.amount() > 0 && kind == DayFileKind.TRANSIT) {
                    file = f;
                    ride = r;
                    at = i;
                }
            }
        }
        assertThat(ride).as("a paid ride to plant a fen on").isNotNull();
        assertThat(BalanceChains.broken(inbox, java.util.Set.of(), issued, held)).isEmpty();

        String card = ride.cardSerial().digits();
        Map<String, Long> offByAFen = new java.util.TreeMap<>(held);
        offByAFen.merge(card, 1L, Long::sum);
        assertThat(BalanceChains.broken(inbox, java.util.Set.of(), issued, offByAFen)).singleElement().asString()
                .startsWith("card " + card + ": issued with ");

        var day = DayFileReader.read(file, RecordFormats.TRANSIT);
        List<TransitRecord> records = new java.util.ArrayList<>(day.records());
        TransitRecord r = ride;
        records.set(at, new TransitRecord(r.type(), r.cardSerial(), r.issuer(), r.cardType(), r.cardExpiry(), r.atc(),
                r.amount(), r.balanceBefore() + 1, r.time(), r.terminalNo(), r.ttc(), r.algorithm(), r.keyVersion(),
                r.tac(), r.acquirer(), r.operatorId(), r.deviceId(), r.industry(), r.line(), r.station(),
                r.entryStation(), r.fareRule()));
        DayFileWriter.write(file, RecordFormats.TRANSIT, day.header(), records);
        assertThat(BalanceChains.broken(inbox, java.util.Set.of(), issued, held)).singleElement().asString()
                .startsWith("card " + card + ": ");
    }

    /**
     * The same faulty day with every tap through the real PC/SC daemon (vpcd reader 00 00): torn cards leave the
     * field and come back for real, and the day's figures are the in-JVM day's to the fen.
     */
    @Test
    void theFaultyDayThroughPcscdHasTheSameFiguresAsInTheJvm() throws Exception {
        Day jvm = day("--cards", "48", "--taps", "400", "--seed", "13", "--faults");
        Day pcsc = day("--cards", "48", "--taps", "400", "--seed", "13", "--faults", "--pcsc");
        assertFaultyDay(pcsc, 13);
        assertThat(pcsc.out()).containsPattern("the taps went through pcscd, reader 'Virtual PCD 00 00' \\([0-9,]+ APDUs; "
                + "a card entered the field ([2-9]|[1-9][0-9]+) times\\)");
        assertThat(pcsc.figures()).isNotBlank().isEqualTo(jvm.figures());
    }

    private static void assertFaultyDay(Day day, long seed) {
        assertThat(day.exit()).as(day.out()).isZero();
        assertThat(day.out()).doesNotContain("BROKEN").contains("held    every planted record lands in suspense")
                .containsPattern("water bill [0-9]+ paid at kiosk TILL[0-9]+(-2)?, presented again there  ->  the kiosk: "
                        + "bill [0-9]+ was already paid here on ")
                .containsPattern("whose journal did not know it  ->  clearing: (suspense M05 \\(the bill already paid\\)"
                        + "|held the first payment \\[)")
                .contains("->  clearing: suspense T01").contains("->  clearing: suspense D01")
                .contains("suspense D02: none paid twice; the raised one C01, not its home city's word")
                .contains("intake: quarantined whole").contains("reconciliation break AMOUNT_DIFFERS")
                .contains("held    the file signed by another city's operator is quarantined whole, none of it cleared")
                .contains("held    the retired kiosk, its certificate revoked, got no connection and loaded nothing")
                .containsPattern("kiosk EE[0-9]{4}" + String.format("%06X", seed) + " of .+, taken out of service, its certificate "
                        + "revoked and the CRL out, tries a 50-yuan top-up  ->  load host: refused at the handshake")
                .containsPattern("signature refused: signer CN=BUS[0-9]{4},OU=sender,L=[0-9]{4},O=YRD One-Card,C=CN: "
                        + "wrong city: the certificate is of .+, not of ");
        Faults drawn = new Faults(seed, true);
        if (drawn.killsClearing()) {
            assertThat(day.out()).containsPattern("clearing JVM killed \\(kill -9\\) [0-9]+ ms into its job  ->  "
                    + "(the next run of the same command|the job had finished first)");
        } else {
            assertThat(day.out()).doesNotContain("clearing JVM killed");
        }
        if (drawn.cutsDatabase()) {
            // A job that failed had connections to lose; one that had finished may have closed them all already.
            assertThat(day.out()).containsPattern("clearing's database connections cut \\(([1-9][0-9]* killed\\) [0-9]+ "
                    + "ms into its job  ->  the job failed cleanly \\(exit 1: .+\\); the rerun completed it|[0-9]+ "
                    + "killed\\) [0-9]+ ms into its job  ->  the job had finished first)");
        } else {
            assertThat(day.out()).doesNotContain("database connections cut");
        }
        if (drawn.killsSettlement()) {
            assertThat(day.out()).containsPattern("settlement JVM killed \\(kill -9\\) [0-9]+ ms into posting the day  ->  "
                    + "(one transaction: (0 journal entries of the day were left; the rerun settled it whole|[1-9][0-9]* "
                    + "journal entries of the day were left; the rerun found the day closed)|the day was posted first)");
        } else {
            assertThat(day.out()).doesNotContain("settlement JVM killed");
        }
        assertThat(day.out()).contains("bank confirmation delivered twice  ->  reconciliation: the second delivery posts "
                + "nothing");
        if (drawn.holdsBackAFile()) {
            assertThat(day.out()).containsPattern("day file BUS[0-9]{4}-[0-9]{8}-1\\.txt held back a night \\([0-9]+ "
                    + "records\\)  ->  the night closed without BUS[0-9]{4} \\(--close-without\\); the next night: late "
                    + "file BUS[0-9]{4}-[0-9]{8}-1\\.txt of [0-9-]{10}, whose night had closed: cleared tonight under its "
                    + "own date");
        } else {
            assertThat(day.out()).doesNotContain("held back a night");
        }
    }

    @Test
    void aFolderThatIsNotADemosOutputIsLeftAlone() throws Exception {
        Path precious = Files.createDirectories(dir.resolve("precious"));
        Files.writeString(precious.resolve("thesis.txt"), "five years of work");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Cli.run(() -> new DemoCommand(new PrintStream(out, true, StandardCharsets.UTF_8), Map.of())
                .run(new String[] {"--out", precious.toString(), "--taps", "1"}));
        assertThat(exit).isEqualTo(Cli.FAILED);
        assertThat(Files.readString(precious.resolve("thesis.txt"))).isEqualTo("five years of work");
    }

    private Day day(String... args) throws Exception {
        DatabaseConnection server = TestDatabase.server();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("ONECARD_DB_URL", server.url());
        env.put("ONECARD_DB_USER", server.user());
        env.put("ONECARD_DB_PASSWORD", server.password());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--out";
        all[args.length + 1] = dir.resolve("out").toString();
        int exit = Cli.run(() -> new DemoCommand(new PrintStream(out, true, StandardCharsets.UTF_8), env).run(all));
        return new Day(exit, out.toString(StandardCharsets.UTF_8));
    }
}
