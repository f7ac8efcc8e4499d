package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.dayfile.DayFile;
import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.DayFileWriter;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.pki.RegionalPki;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.Tearing;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The faulty day ({@code ./onecard demo --faults}): faults drawn from the seed, in the spirit of deterministic
 * simulation testing. Each fault is listed with what caught it; the day's invariants must hold all the same.
 */
final class Faults {
    private final Random random;
    private final boolean on;
    private final List<String[]> injected = new ArrayList<>();
    private int tears;
    private int torn;
    private int counterTears;
    private int psamPulls;
    private int psamReseats;
    private int psamPaidThrough;
    private final boolean killsClearing;
    private final long killAfter;
    private final boolean cutsDatabase;
    private final long dropAfter;
    private final boolean killsSettlement;
    private final long settlementKillAfter;
    private final boolean holdsBackAFile;
    /** The operators' files a fault of the inbox copied or cut: a file held back a night must be none of them. */
    private final java.util.Set<Path> touched = new java.util.HashSet<>();
    /** The faulty day's second payment of a bill, at another kiosk, and what caught it; null until planted. */
    private String[] secondBillPayment;
    /** The faulty day's file in one operator's name signed by another's key, once planted. */
    private Path forgedIdentity;
    private final City lateClockCity;
    private final Duration lateClock;
    /** The city whose kiosk, taken out of service and its certificate revoked, tries a top-up on the faulty day. */
    private final City retiredKioskCity;

    Faults(long seed, boolean on) {
        this.random = new Random(seed ^ 0x5DEECE66DL);
        this.on = on;
        // Which costly faults strike is drawn apart from the day's stream, so that the rest of the day is the same.
        Random draws = new Random(seed * 0x9E3779B97F4A7C15L);
        this.killsClearing = on && draws.nextInt(5) == 0;
        this.killAfter = draws.nextInt(1500);
        this.cutsDatabase = on && draws.nextInt(2) == 0;
        this.dropAfter = draws.nextInt(1000);
        this.killsSettlement = on && draws.nextInt(5) == 0;
        this.settlementKillAfter = draws.nextInt(40);
        this.lateClockCity = on ? Cities.all().get(draws.nextInt(16)) : null;
        this.lateClock = Duration.ofMinutes(60 + draws.nextInt(4 * 60));
        this.holdsBackAFile = on && draws.nextInt(4) == 0;
        this.retiredKioskCity = on ? Cities.all().get(draws.nextInt(16)) : null;
        if (on) {
            injected.add(new String[] {"validator BUS" + lateClockCity.code() + "'s clock " + lateClock.toHours() + " h "
                    + lateClock.toMinutesPart() + " min behind all day", "clearing follows each card by its counters, "
                    + "not the clocks: none of its rides suspended for it"});
        }
    }

    boolean on() {
        return on;
    }

    /** One tap in fifty: the card is pulled at some point of the purchase (before an answer, or mid-write). */
    void maybeTear(CardOs card) {
        if (on && random.nextInt(50) == 0) {
            card.plan(random.nextBoolean() ? Tearing.beforeAnswer(1 + random.nextInt(12))
                    : Tearing.afterWrite(1 + random.nextInt(4)));
            tears++;
        }
    }

    /**
     * One tap in 250: the validator's PSAM leaves its slot (a loose contact) before answering its first or second
     * command of the purchase: the MAC1 (nothing charged yet) or the check of the card's MAC2 (the card has paid).
     */
    void maybePullPsam(CardOs psam) {
        // Not one that is out of its slot already (pulled at a paid tap's MAC2 check, not yet reseated).
        if (on && random.nextInt(250) == 0 && psam.isPowered()) {
            psam.plan(Tearing.beforeAnswer(1 + random.nextInt(2)));
            psamPulls++;
        }
    }

    /** A tap failed on a PSAM gone from its slot; staff reseated it and the passenger tapped again. */
    void psamReseated() {
        psamReseats++;
    }

    /** A tap whose PSAM went while checking the card's MAC2: the card had paid, the gate opened. */
    void psamWentAfterThePurchase() {
        psamPaidThrough++;
    }

    /**
     * One citizen card in four is pulled at a counter (before the card answers one of its first commands: the
     * selection, the reading, the PIN); the person presents it again.
     */
    void maybeTearAtCounter(CardOs card) {
        if (on && random.nextInt(4) == 0) {
            card.plan(Tearing.beforeAnswer(1 + random.nextInt(4)));
            counterTears++;
        }
    }

    void tore() {
        torn++;
    }

    /** The tap at which a validator process is killed mid-write, or -1. */
    int crashAt(int taps) {
        return on ? taps / 3 + random.nextInt(Math.max(1, taps / 3)) : -1;
    }

    /**
     * A kill mid-write leaves a torn tail on the journal: a few bytes of an entry that never finished, where its next
     * entry goes (after its last line, in the space the file keeps ahead of its lines).
     */
    void crash(Path journalDir, String validator) throws IOException {
        try (var files = Files.list(journalDir)) {
            for (Path f : files.toList()) {
                int next = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).lastIndexOf('\n') + 1;
                try (FileChannel journal = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    journal.write(ByteBuffer.wrap("17|C|9".getBytes(StandardCharsets.US_ASCII)), next);
                }
            }
        }
        injected.add(new String[] {"validator " + validator + " killed mid-write (torn journal tail)",
                "journal recovery on restart: the torn entry dropped, every completed purchase kept"});
    }

    /** Whether this seed kills the clearing JVM mid-job (a JVM killed costs a cold start: one seed in five). */
    boolean killsClearing() {
        return killsClearing;
    }

    /** Milliseconds into the clearing job at which its JVM is killed. */
    long clearingKillAfter() {
        return killAfter;
    }

    void clearingKilled(boolean struck, String nextRun) {
        String rerun = nextRun.lines().filter(l -> l.startsWith("recovering") || l.startsWith("resuming")
                || l.startsWith("execution")).findFirst().orElse("a fresh start (the kill came before the job was "
                + "recorded)");
        injected.add(new String[] {"clearing JVM killed (kill -9) " + killAfter + " ms into its job",
                struck ? "the next run of the same command: " + rerun : "the job had finished first: nothing to catch"});
    }

    /** Whether this seed cuts the clearing's database connections mid-job (one seed in two). */
    boolean cutsDatabase() {
        return cutsDatabase;
    }

    /** Milliseconds into the clearing job at which its database connections are cut. */
    long databaseDropAfter() {
        return dropAfter;
    }

    void databaseDropped(Services.Dropped dropped) {
        Services.Run run = dropped.run();
        injected.add(new String[] {"clearing's database connections cut (" + dropped.connections() + " killed) "
                + dropAfter + " ms into its job", run.exit() == 0 || run.exit() == 3
                ? "the job had finished first: nothing to catch"
                : "the job failed cleanly (exit " + run.exit() + ": " + run.summary() + "); the rerun completed it"});
    }

    /**
     * Whether this seed holds one bus's day file back a night (one seed in four: a second night costs its clearing,
     * settlement and reconciliation): the night closes without its sender, and the next night must clear it.
     */
    boolean holdsBackAFile() {
        return holdsBackAFile;
    }

    /**
     * The bus file held back a night, moved out of the inbox to {@code aside}; null when the seed holds none back. Not
     * a file another fault copied or cut (its copy would then be the first the centre sees).
     */
    Path holdBack(Path inbox, Path aside) throws IOException {
        if (!holdsBackAFile) {
            return null;
        }
        List<Path> buses;
        try (var list = Files.list(inbox)) {
            buses = list.filter(f -> f.getFileName().toString().matches("BUS[0-9]{4}-[0-9]{8}-1\\.txt"))
                    .filter(f -> !touched.contains(f)).sorted().toList();
        }
        if (buses.isEmpty()) {
            return null;
        }
        Path held = buses.get(random.nextInt(buses.size()));
        return Trust.moveSigned(held, Files.createDirectories(aside).resolve(held.getFileName()));
    }

    void heldBack(Path file, String sender, long records, String nextNight) {
        injected.add(new String[] {"day file " + file.getFileName() + " held back a night (" + records + " records)",
                "the night closed without " + sender + " (--close-without); the next night: " + nextNight
                        + "; the cards it left a gap in wait in suspense (G01), none paid twice"});
    }

    /** The city whose bus validator's clock is behind on the faulty day, or null. */
    City lateClockCity() {
        return lateClockCity;
    }

    /** How far behind that clock is (one to five hours). */
    Duration lateClock() {
        return lateClock;
    }

    /** Whether this seed kills the settlement JVM while it posts the day (a cold start again: one seed in five). */
    boolean killsSettlement() {
        return killsSettlement;
    }

    /** Milliseconds after settlement began writing the day (uncommitted) at which its JVM is killed. */
    long settlementKillAfter() {
        return settlementKillAfter;
    }

    /** How the kill went: {@code leftCommitted} journal entries of the day were there before the rerun. */
    void settlementKilled(boolean struck, long leftCommitted, Services.Run rerun) {
        injected.add(new String[] {"settlement JVM killed (kill -9) " + settlementKillAfter + " ms into posting the day",
                !struck ? "the day was posted first: nothing to catch"
                        : "one transaction: " + leftCommitted + " journal entries of the day were left; the rerun "
                                + (rerun.output().contains("already closed") ? "found the day closed"
                                        : "settled it whole")});
    }

    /**
     * After the operators sent their files: one file sent twice, a truncated copy of another, and a file of a
     * forged record (amount changed, TAC kept) and a replayed one (an exact copy).
     */
    List<Path> corruptInbox(Path inbox, LocalDate date, Trust trust) throws Exception {
        if (!on) {
            return List.of();
        }
        List<Path> files = Trust.dayFiles(inbox);
        Path resent = files.get(random.nextInt(files.size()));
        touched.add(resent);
        Path copy = inbox.resolve(resent.getFileName().toString().replace(".txt", "-resent.txt"));
        Files.copy(resent, copy);
        Files.copy(RegionalPki.signatureOf(resent), RegionalPki.signatureOf(copy));
        injected.add(new String[] {"day file " + resent.getFileName() + " sent twice (as " + copy.getFileName() + ")",
                "intake: same SHA-256, acknowledged, taken in once"});
        Path cut = files.get(random.nextInt(files.size()));
        touched.add(cut);
        byte[] bytes = Files.readAllBytes(cut);
        Path truncated = inbox.resolve(cut.getFileName().toString().replace("-1.txt", "-2.txt"));
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.copy(RegionalPki.signatureOf(cut), RegionalPki.signatureOf(truncated)); // as it was sent
        injected.add(new String[] {"day file " + truncated.getFileName() + " truncated in transit",
                "intake: quarantined whole with a report (" + "quarantine/" + truncated.getFileName() + ".report)"});
        List<Path> transit = new ArrayList<>();
        for (Path f : files) {
            if (DayFileReader.readHeader(f).kind() == DayFileKind.TRANSIT
                    && !DayFileReader.read(f, RecordFormats.TRANSIT).records().isEmpty()) {
                transit.add(f); // a record to forge and replay (a kiosk without top-ups sends an empty file)
            }
        }
        Path source = transit.get(random.nextInt(transit.size()));
        touched.add(source);
        DayFile<TransitRecord> day = DayFileReader.read(source, RecordFormats.TRANSIT);
        TransitRecord real = day.records().get(random.nextInt(day.records().size()));
        TransitRecord forged = forge(real);
        Path faults = inbox.resolve("FAULTS-" + date.toString().replace("-", "") + "-1.txt");
        DayFileWriter.write(faults, RecordFormats.TRANSIT, new DayFileHeader(DayFileKind.TRANSIT, "FAULTS",
                day.header().senderCity(), date, 1), List.of(forged, real));
        injected.add(new String[] {"forged record (" + faults.getFileName() + " line 2: amount changed, TAC kept)",
                "line 2"});
        injected.add(new String[] {"replayed record (" + faults.getFileName() + " line 3: a copy of "
                + source.getFileName() + "'s)", "line 3"});
        trust.signBySenders(List.of(faults)); // an operator's own file, forged within: its records are caught
        List<Path> planted = new ArrayList<>(List.of(faults));
        resendClaims(files, date).ifPresent(planted::add);
        trust.signBySenders(planted.subList(1, planted.size())); // the hospital's own second file
        forgedIdentity = forgeIdentity(files, date, trust);
        // They arrive after the operators' own files (file times are coarse: say so rather than hope).
        long later = files.stream().mapToLong(f -> f.toFile().lastModified()).max().orElse(0) + 60_000;
        List<Path> late = new ArrayList<>(List.of(copy, truncated, forgedIdentity));
        late.addAll(planted);
        for (Path f : late) {
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(later));
        }
        return planted;
    }

    /**
     * A file in the name of a city's bus operator (its records again, as a third file) signed by another city's
     * operator with that operator's own good certificate: a sender of one city cannot send as another.
     */
    private Path forgeIdentity(List<Path> files, LocalDate date, Trust trust) throws Exception {
        // Drawn without the faults' chance, so that the faults after it strike as they did before it existed.
        Path source = files.stream().filter(f -> f.getFileName().toString().matches("BUS[0-9]{4}-[0-9]{8}-1\\.txt"))
                .findFirst().orElseThrow();
        DayFile<TransitRecord> day = DayFileReader.read(source, RecordFormats.TRANSIT);
        Path forged = source.resolveSibling(source.getFileName().toString().replace("-1.txt", "-3.txt"));
        DayFileWriter.write(forged, RecordFormats.TRANSIT, new DayFileHeader(DayFileKind.TRANSIT,
                day.header().senderId(), day.header().senderCity(), date, 3), day.records());
        City other = Cities.all().get((Cities.all().indexOf(day.header().senderCity()) + 1) % 16);
        trust.signAs(forged, other, "BUS" + other.code());
        injected.add(new String[] {"day file " + forged.getFileName() + " in the name of " + day.header().senderId()
                + ", signed by BUS" + other.code() + " of " + other, "intake: quarantined whole, its signature "
                + "refused (wrong city); none of its " + day.records().size() + " records cleared"});
        return forged;
    }

    /** The file {@link #corruptInbox} forged in another operator's name, or null. */
    Path forgedIdentity() {
        return forgedIdentity;
    }

    /**
     * A hospital sends its day file again as a second file, its last claim's bill raised by one yuan, the fund's part
     * with it (so another file, not a resend intake would recognise): each claim is in it again, and none may be paid
     * twice; the raised one is no longer what the patient's home city authorised.
     */
    private java.util.Optional<Path> resendClaims(List<Path> files, LocalDate date) throws Exception {
        List<Path> hospitals = new ArrayList<>();
        for (Path f : files) {
            // Not a hospital whose second file's name is taken (by the truncated copy of its first: seed 80).
            if (DayFileReader.readHeader(f).kind() == DayFileKind.MEDICAL
                    && !Files.exists(f.resolveSibling(f.getFileName().toString().replace("-1.txt", "-2.txt")))) {
                hospitals.add(f);
            }
        }
        if (hospitals.isEmpty()) {
            return java.util.Optional.empty(); // a day too short for anyone to see a doctor
        }
        Path source = hospitals.get(random.nextInt(hospitals.size()));
        DayFile<MedicalClaim> day = DayFileReader.read(source, RecordFormats.MEDICAL);
        List<MedicalClaim> claims = new ArrayList<>(day.records());
        MedicalClaim last = claims.get(claims.size() - 1);
        claims.set(claims.size() - 1, new MedicalClaim(last.claimId(), last.cardNumber(), last.homeCity(),
                last.serviceCity(), last.hospitalId(), last.time(), last.kind(), last.care(), last.total() + 100,
                last.fundPaid() + 100, last.selfPaid(), last.authorisation()));
        Path again = source.resolveSibling(source.getFileName().toString().replace("-1.txt", "-2.txt"));
        DayFileWriter.write(again, RecordFormats.MEDICAL, new DayFileHeader(DayFileKind.MEDICAL,
                day.header().senderId(), day.header().senderCity(), date, 2), claims);
        injected.add(new String[] {"hospital file " + source.getFileName() + " sent again as " + again.getFileName()
                + " (" + claims.size() + " claims, the last one's bill and fund part raised by 1.00 yuan)",
                "clearing: each claim's ID already cleared, suspense D02: none paid twice; the raised one C01, not "
                        + "its home city's word"});
        return java.util.Optional.of(again);
    }

    /** The city whose retired kiosk tries a top-up; null on a day without faults. */
    City retiredKioskCity() {
        return retiredKioskCity;
    }

    /** The retired kiosk {@code name} tried its top-up. */
    void retiredKioskTried(String name) {
        injected.add(new String[] {"kiosk " + name + " of " + retiredKioskCity + ", taken out of service, its "
                + "certificate revoked and the CRL out, tries a 50-yuan top-up", "load host: refused at the handshake "
                + "(revoked); nothing loaded, nothing in the host's log"});
    }

    /**
     * The faulty day's first bill paid, presented again: {@code here} is what its kiosk said; at the works' other
     * kiosk it was {@code paid} again.
     */
    void billPaidTwice(String bill, String kiosk, String here, String otherKiosk, boolean paid) {
        injected.add(new String[] {"water bill " + bill + " paid at kiosk " + kiosk + ", presented again there",
                "the kiosk: " + here});
        secondBillPayment = new String[] {"the same bill paid again at kiosk " + otherKiosk + ", whose journal did not "
                + "know it" + (paid ? "" : " (not paid: the card was refused)"), "clearing: not cleared yet"};
        injected.add(secondBillPayment);
    }

    /**
     * What clearing made of the bill paid twice, from the card's reasons in suspense: the second payment held (M05),
     * or, the first held for a reason of its own (a gap behind a file held back), the second the one remitted.
     */
    void secondBillPaymentCleared(List<String> cardReasons) {
        if (secondBillPayment != null) {
            secondBillPayment[1] = cardReasons.contains("M05")
                    ? "clearing: suspense M05 (the bill already paid), remitted to the works once"
                    : "clearing held the first payment " + cardReasons + ": this one is the bill's, remitted once";
        }
    }

    /** The bank's faults: one instruction not executed, another executed a fen short. */
    boolean bankFaults() {
        if (on) {
            injected.add(new String[] {"bank confirmation: one transfer missing", "reconciliation break MISSING"});
            injected.add(new String[] {"bank confirmation: one transfer a fen short", "reconciliation break AMOUNT_DIFFERS"});
        }
        return on;
    }

    /** The bank's confirmation file delivered twice: reconciled again, it must post nothing again. */
    boolean confirmsTwice() {
        if (on) {
            injected.add(new String[] {"bank confirmation delivered twice", "reconciliation: the second delivery "
                    + "posts nothing (the ledger moved as the bank did, once)"});
        }
        return on;
    }

    /** Top-ups torn at CREDIT FOR LOAD that the card's log proved: recorded without TAC, suspended for release. */
    void unprovenLoads(int cards, long suspended) {
        if (cards > 0) {
            injected.add(new String[] {cards + " top-up(s) torn at CREDIT FOR LOAD, the load on the card's log",
                    "the kiosk records each without its TAC; clearing: " + suspended + " record(s) in suspense (T01, "
                            + "and B02 on the card's next ride) for finance staff to release"});
        }
    }

    /** Prints each fault and what caught it; {@code reasonAt} names clearing's verdict on a line of the faults file. */
    void print(PrintStream out, java.util.function.Function<String, String> reasonAt) {
        if (!on) {
            return;
        }
        out.println("faults injected, and what caught each:");
        out.printf("  %d taps with the card pulled at a random point (%d tore the purchase)  ->  the passenger taps "
                + "again; GET TRANSACTION PROVE settles it: recorded once, never charged twice%n", tears, torn);
        if (psamPulls > 0) {
            out.printf("  %d PSAMs pulled from their slot mid-purchase (%d while checking a paid card's MAC2)  ->  the "
                    + "paid gate opens, the ride recorded with the card's TAC; the validator refuses the next tap "
                    + "uncharged as a reader failure until staff reseat the PSAM (%d reseated), then the passenger taps "
                    + "again: recorded once, never charged twice%n", psamPulls, psamPaidThrough, psamReseats);
        }
        if (counterTears > 0) {
            out.printf("  %d citizen cards pulled at a hospital or pension counter (reading the card, the PIN)  ->  "
                    + "presented again: each bill and pension recorded once%n", counterTears);
        }
        for (String[] f : injected) {
            String caught = f[1].startsWith("line ") ? "clearing: suspense " + reasonAt.apply(f[1].substring(5)) : f[1];
            out.println("  " + f[0] + "  ->  " + caught);
        }
    }

    private static TransitRecord forge(TransitRecord r) {
        return withAmount(r, r.amount() + 100);
    }

    /** The same record with another amount and everything else, its TAC included, kept: what a forger sends. */
    static TransitRecord withAmount(TransitRecord r, long amount) {
        return new TransitRecord(r.type(), r.cardSerial(), r.issuer(), r.cardType(), r.cardExpiry(), r.atc(),
                amount, r.balanceBefore(), r.time(), r.terminalNo(), r.ttc(), r.algorithm(), r.keyVersion(),
                r.tac(), r.acquirer(), r.operatorId(), r.deviceId(), r.industry(), r.line(), r.station(),
                r.entryStation(), r.fareRule());
    }
}
