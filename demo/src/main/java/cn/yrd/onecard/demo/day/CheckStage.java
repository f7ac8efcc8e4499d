package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.pki.RelyingParty;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.registry.MerchantRegisters;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.terminal.host.ApprovedLoad;
import cn.yrd.onecard.terminal.host.LoadCheck;
import cn.yrd.onecard.terminal.kiosk.Kiosk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The day in a few lines, and its invariants: each computed from what the cards, the terminals, the day files and
 * the bank say, apart from the code it checks (docs/demo.md). The day's outcome is the first that broke.
 */
final class CheckStage implements Day.Stage {
    private Day day;
    private Invariants check;
    private ClearedDetail detail;
    private Map<String, Long> cardBalance;
    private String lostSerial;
    /** The planted records that must land in suspense: a forged and a replayed ride, a claim file sent again. */
    private long planted;
    private List<Path> resentClaims;
    private long resent;

    /** The invariants as checked, once {@link #run} has run. */
    Invariants invariants() {
        return check;
    }

    @Override
    public void run(Day day) throws Exception {
        this.day = day;
        this.check = new Invariants(day.out);
        printNight();
        cardBalance = new TreeMap<>();
        for (CardOs card : day.issued) {
            cardBalance.put(day.serial(card), SimCards.balance(card));
        }
        lostSerial = day.lost == null ? null : day.serial(day.lost.card());
        detail = day.held == null ? ClearedDetail.read(day.outbox.resolve(day.date.toString()))
                : ClearedDetail.read(day.outbox.resolve(day.date.toString()), day.outbox.resolve(day.next().toString()));
        terminals();
        suspense();
        if (day.faults.on()) {
            planted();
        }
        balances();
        money();
        signedByTheCentre();
        if (day.life != null) {
            day.life.check(day, check);
        }
        Sites sites = day.services.sites();
        if (sites != null) {
            check.that("nothing committed was lost with the primary's site (the lost disk read back)",
                    sites.lostCommitted(Services.DEMO + "_settlement"));
            List<String> archived = new ArrayList<>(FolderComparison.differences(day.inbox,
                    sites.archive().resolve("inbox")));
            archived.addAll(FolderComparison.differences(day.outbox, sites.archive().resolve("outbox")));
            check.that("every day file taken in and every file sent is on the standby site, byte for byte",
                    archived);
        }
        if (day.faults.on()) {
            day.out.println();
            String file = day.extra.get(0).getFileName().toString();
            day.faults.print(day.out, line -> detail.reasonAt(file, Integer.parseInt(line)));
        }
        if (sites != null) {
            day.out.println();
            sites.story().forEach(line -> day.out.println("  " + line));
        }
        if (day.lost != null) {
            day.out.println("  " + day.lost.story() + "; clearing: " + detail.reasonsOf(lostSerial));
        }
    }

    /** Clearing's summary and settlement's positions, as the services printed them. */
    private void printNight() {
        day.out.println();
        day.out.println(day.clearing.output().strip());
        day.out.println();
        day.settlement.output().lines().filter(l -> l.matches("^(city|3[0-9]{3}) .*") || l.startsWith("the 16"))
                .forEach(day.out::println);
        day.out.println();
    }

    /** What the cards and the terminals say: balances, the counters' records, the taps, the load host's approvals. */
    private void terminals() throws Exception {
        Map<String, Long> issued = day.issuedBalance;
        check.that("every card: issued balance + loads - purchases = card balance", issued.keySet().stream()
                .filter(c -> issued.get(c) - day.purchases.getOrDefault(c, 0L) != cardBalance.get(c)).toList());
        Tally t = day.tally;
        check.that("every bill, reversal, pension and proof of life the counters took recorded once", t.claims
                + t.reversals + t.payouts + t.proofs == day.desks.counterRecords(day.date) ? List.of() : List.of(
                        t.claims + " bills, " + t.reversals + " reversals, " + t.payouts + " pensions, " + t.proofs
                        + " proofs of life; the counters' logs hold "
                        + day.desks.counterRecords(day.date)));
        check.that("every opened tap recorded once and sent", t.opened == day.rides ? List.of()
                : List.of(t.opened + " opened, " + day.rides + " ride records"));
        check.that("every payment a till took recorded once and sent", t.paid == day.payments ? List.of()
                : List.of(t.paid + " paid, " + day.payments + " payment records"));
        // The issuing cities' own check (terminal host-check) over the nights run: a top-up the card never took is
        // the only approval no kiosk's day file may carry, and the kiosk's journal says so.
        LoadCheck.Result hostCheck = LoadCheck.check(ApprovedLoad.on(day.outDir().resolve("load-host"), day.date),
                day.outbox, day.date);
        Set<String> untaken = day.desks.abandonedLoads();
        check.that("every load the host approved is in a kiosk's day file, or its card never took it",
                hostCheck.missing().stream().filter(m -> m.candidates().stream().map(ApprovedLoad::requestId)
                        .filter(untaken::contains).count() < m.count()).map(m -> m.candidates().get(0).requestId())
                        .toList());
        kioskLinks();
    }

    /**
     * The kiosks reach the load host over mutual TLS: every registered kiosk got through; on the faulty day the
     * retired kiosk, its certificate revoked, got no connection, and its card and the host's log show nothing of it.
     */
    private void kioskLinks() throws Exception {
        Day.RetiredKiosk retired = day.retiredKiosk;
        String retiredName = retired == null ? null : "CN=" + retired.name() + ",";
        check.that("the load host refused no registered kiosk at the handshake", day.desks.refusedKiosks().stream()
                .filter(r -> retiredName == null || !r.startsWith(retiredName)).toList());
        if (retired == null) {
            return;
        }
        List<String> got = retiredKioskGotSomething(retired, day.desks.refusedKiosks(),
                Files.readString(day.outDir().resolve("load-host/authorisations.log")));
        check.that("the retired kiosk, its certificate revoked, got no connection and loaded nothing", got);
    }

    /**
     * What the retired kiosk got that it must not have: the host's refusals must name it as revoked, the kiosk must
     * have seen no connection, its card's balance must not have moved, and the host's log ({@code hostLog}) must not
     * name it.
     */
    static List<String> retiredKioskGotSomething(Day.RetiredKiosk retired, List<String> refusals, String hostLog) {
        List<String> got = new ArrayList<>();
        String name = "CN=" + retired.name() + ",";
        if (refusals.stream().noneMatch(r -> r.startsWith(name) && r.contains(": revoked: "))) {
            got.add("the host did not refuse " + retired.name() + " as revoked");
        }
        if (!retired.seen().startsWith("no connection")) {
            got.add(retired.name() + " saw: " + retired.seen());
        }
        if (retired.balanceAfter() != retired.balanceBefore()) {
            got.add("its card " + retired.card().masked() + " went from " + retired.balanceBefore() + " to "
                    + retired.balanceAfter() + " fen");
        }
        if (hostLog.contains(retired.name())) {
            got.add("the host's log holds a request of " + retired.name());
        }
        return got;
    }

    /** Every record received is accepted or suspended, and in suspense exactly what the day explains. */
    private void suspense() throws Exception {
        // The forged and the replayed ride, and every claim of a hospital's file sent again.
        resentClaims = day.extra.size() > 1 ? day.extra.subList(1, 2) : List.of();
        for (Path f : resentClaims) {
            resent += DayFileReader.read(f, RecordFormats.MEDICAL).records().size();
        }
        planted = day.extra.isEmpty() ? 0 : 2 + resent;
        check.that("received = accepted + suspended", detail.records() == day.exported + planted ? List.of()
                : List.of(day.exported + planted + " sent, " + detail.records() + " cleared"));
        long billPaidTwice = 0;
        if (day.billPaidTwice != null && !day.billPaidTwice.isEmpty()) {
            billPaidTwice = detail.reasonsOf(day.billPaidTwice).stream().filter("M05"::equals).count();
            day.faults.secondBillPaymentCleared(detail.reasonsOf(day.billPaidTwice));
        }
        long explained = lostRides() + explainedByGaps() + billPaidTwice;
        check.that("in suspense exactly the planted records, the lost card's ride, the unproven top-ups, the gaps of "
                + "a file held back and the bill paid twice", detail.records() - detail.accepted() == planted
                        + explained ? List.of() : List.of((detail.records() - detail.accepted()) + " suspended"));
    }

    /** The lost card's rides in suspense (H01), less a planted forgery or replay of its ride (seed 66). */
    private long lostRides() throws Exception {
        if (lostSerial == null) {
            return 0;
        }
        long lostRides = detail.reasonsOf(lostSerial).stream().filter("H01"::equals).count();
        if (!day.extra.isEmpty()) {
            String planted0 = day.extra.get(0).getFileName().toString();
            List<TransitRecord> plantedRides = DayFileReader.read(day.extra.get(0), RecordFormats.TRANSIT).records();
            for (int i = 0; i < plantedRides.size(); i++) {
                if (plantedRides.get(i).cardSerial().digits().equals(lostSerial)
                        && "H01".equals(detail.reasonAt(planted0, i + 2))) {
                    lostRides--;
                }
            }
        }
        return lostRides;
    }

    /**
     * The suspended records that a torn top-up or a file held back explains, each counted once. A top-up torn at
     * CREDIT FOR LOAD whose card's log shows the load is recorded without its TAC: clearing suspends it (T01), and the
     * card's next ride or payment, whose balance before includes the load, breaks the chain of its accepted records
     * (B02), and its next top-up, whose counter follows the unproven one's, waits for it (G01). A file
     * held back a night leaves a gap in the cards that rode that bus: each such card's next purchase waits (G01) and
     * its next top-up too (B02), as they would for a file never sent.
     */
    private long explainedByGaps() throws Exception {
        Set<String> heldCards = day.held == null ? Set.of() : DayFileReader.read(
                day.inbox.resolve(day.held.getFileName()), RecordFormats.TRANSIT).records().stream()
                .map(r -> r.cardSerial().digits()).collect(Collectors.toSet());
        List<String> unprovenLoads = day.desks.loads(day.date).stream().filter(t -> t.tac().equals(Kiosk.NO_TAC))
                .map(t -> t.cardSerial().digits()).distinct().toList();
        long unproven = unprovenLoads.stream().mapToLong(c -> detail.reasonsOf(c).stream()
                .filter(r -> r.equals("T01") || r.equals("B02")).count()).sum();
        day.faults.unprovenLoads(unprovenLoads.size(), unproven);
        Set<String> explainedCards = new TreeSet<>(unprovenLoads);
        explainedCards.addAll(heldCards);
        long explained = 0;
        for (String card : explainedCards) {
            Set<String> why = new HashSet<>();
            if (unprovenLoads.contains(card)) {
                why.addAll(List.of("T01", "B02", "G01"));
            }
            if (heldCards.contains(card)) {
                why.addAll(List.of("G01", "B02"));
            }
            explained += detail.reasonsOf(card).stream().filter(why::contains).count();
        }
        return explained;
    }

    /**
     * The faulty day's planted records each in suspense, its truncated file quarantined, and its file in one operator's
     * name signed by another's refused.
     */
    private void planted() throws Exception {
        String file = day.extra.get(0).getFileName().toString();
        List<String> missed = new ArrayList<>();
        if (detail.reasonAt(file, 2) == null || detail.reasonAt(file, 3) == null) {
            missed.add(file);
        }
        for (Path f : resentClaims) {
            for (int line = 2; line < 2 + resent; line++) {
                // The last claim's bill was raised: the home city's authorisation no longer covers it.
                String expected = line == 1 + resent ? "C01" : "D02";
                if (!expected.equals(detail.reasonAt(f.getFileName().toString(), line))) {
                    missed.add(f.getFileName() + " line " + line + " (" + expected + ")");
                }
            }
        }
        check.that("every planted record lands in suspense (a claim sent again: D02; raised: C01)", missed);
        try (var quarantined = Files.list(day.inbox.resolve("quarantine"))) {
            check.that("the truncated file is quarantined with a report", quarantined.anyMatch(q -> q.toString()
                    .endsWith(".report")) ? List.of() : List.of("no report"));
        }
        String forged = day.faults.forgedIdentity().getFileName().toString();
        List<String> wrongOperator = new ArrayList<>();
        if (day.clearing.output().lines().noneMatch(l -> l.startsWith("  quarantined " + forged + " ")
                && l.contains("signature refused") && l.contains("wrong city"))) {
            wrongOperator.add(forged + " not quarantined for its signer's city");
        }
        for (int line = 2; line < 2 + DayFileReader.read(day.inbox.resolve("quarantine/" + forged),
                RecordFormats.TRANSIT).records().size(); line++) {
            if (detail.acceptedAt(forged, line) || detail.reasonAt(forged, line) != null) {
                wrongOperator.add(forged + " line " + line + " cleared");
            }
        }
        check.that("the file signed by another city's operator is quarantined whole, none of it cleared",
                wrongOperator);
    }

    /** Each card's balance: its chain through the day files, the centre's shadow, the lost card's rides. */
    private void balances() throws Exception {
        check.that("every card's balance chain through the day files runs from its issued balance to the card's",
                BalanceChains.broken(day.inbox, day.extra.stream().map(f -> f.getFileName().toString())
                        .collect(Collectors.toSet()), day.issuedBalance, cardBalance));
        check.that("card balance = shadow balance (cards with no record in suspense)", detail.lastBalance().entrySet()
                .stream().filter(e -> !detail.suspendedCards().contains(e.getKey()))
                .filter(e -> !e.getValue().equals(cardBalance.get(e.getKey()))).map(Map.Entry::getKey).toList());
        if (day.lost != null) {
            check.that("the lost card's evening ride elsewhere is in suspense (H01), at home it was refused",
                    day.lost.caught(detail.reasonsOf(lostSerial)) ? List.of() : List.of(day.lost.story()));
        }
    }

    /**
     * What the centre sends is its own: each city's result, detail and merchants file, each biller's remittance, and
     * the bank's instructions.
     */
    private void signedByTheCentre() throws Exception {
        List<String> unproven = new ArrayList<>();
        Path night = day.outbox.resolve(day.date.toString());
        for (City city : Cities.all()) {
            for (String kind : List.of("-result.txt", "-detail.txt", "-merchants.txt")) {
                day.options.trust().notSignedByCentre(night.resolve(city.code() + kind), RelyingParty.of(city),
                        "clearing").ifPresent(unproven::add);
            }
        }
        for (String biller : billers()) {
            day.options.trust().notSignedByCentre(night.resolve("remittance/" + biller + ".txt"),
                    RelyingParty.of(Cities.byCode(biller.substring(0, 4))), "clearing").ifPresent(unproven::add);
        }
        day.options.trust().notSignedByCentre(night.resolve("settlement-instructions.txt"), RelyingParty.CENTRE,
                "settlement").ifPresent(unproven::add);
        check.that("each city's result, detail and merchants file, each biller's remittance and the bank's "
                + "instructions are signed by the centre, as sent",
                unproven);
    }

    /** The merchant ids of the day's utilities: each gets a remittance, an empty one when nothing was paid. */
    private Set<String> billers() {
        Set<String> billers = new TreeSet<>();
        day.tills.values().forEach(tills -> tills.stream().filter(t -> t.unpaid() != null)
                .forEach(t -> billers.add(t.merchant().id())));
        return billers;
    }

    /** The cities' money: the ledger, each city's net position, the bank's transfers. */
    private void money() throws Exception {
        Services.Run last = day.lastSettlement();
        check.that("the ledger balances", last.output().contains("ledger: every entry balances") ? List.of()
                : List.of(last.line("ledger:")));
        Map<String, Long> settled = sum(Positions.settled(day.settlement.output()), day.nextSettlement == null
                ? Map.of() : Positions.settled(day.nextSettlement.output()));
        Positions.FeeTable fees = Positions.FeeTable.ofClearing(day.services.clearingJar());
        MerchantRegisters merchants = MerchantRegisters.read(day.merchantsDir);
        Map<String, Long> owed = Positions.fromDayFiles(day.inbox, detail, fees, merchants);
        String owedToo = "";
        if (day.life != null && !day.life.owedBetweenCities(day).isEmpty()) {
            // A lost card's money a counter of another city moved today: its issuer owes that city.
            owed = sum(owed, day.life.owedBetweenCities(day));
            owedToo = " and the counters' lost cards";
        }
        check.that("each city's net = the day files' accepted cross-city business, less the fee table's fees"
                + owedToo, Positions.differences(owed, settled));
        check.that("every merchant paid exactly its net: its accepted payments less their discounts",
                Positions.merchantsNotPaidTheirNet(day.inbox, detail, fees, merchants, day.bank, day.date));
        check.that("every bill payment clearing accepted remitted to its biller once, for its amount; none twice",
                Positions.billsNotRemittedOnce(day.inbox, detail, day.outbox.resolve(day.date.toString()),
                        billers()));
        boolean twoNights = day.nextBank != null;
        Map<String, Long> banked = sum(BankLedger.fromBank(instructions(day.date.toString()), day.bank), twoNights
                ? BankLedger.fromBank(instructions(day.next().toString()), day.nextBank) : Map.of());
        Map<String, Long> posted = sum(BankLedger.fromLedger(day.services.connection("settlement"), day.date),
                twoNights ? BankLedger.fromLedger(day.services.connection("settlement"), day.next()) : Map.of());
        check.that("the ledger moved each city's settlement through the bank as the bank executed it",
                BankLedger.differences(banked, posted));
        // The issuers' card float: what the ledger says each city owes its cards' holders, against what the balances
        // their cards' last accepted records left add up to (read from clearing's detail files, by counters).
        // Over several days, a card's last accepted record may be of any night so far; a card whose money a counter
        // refunded or moved holds nothing the issuer owes.
        Map<String, Long> held = new java.util.TreeMap<>();
        Map<String, String> issuer = new java.util.HashMap<>();
        day.specs.values().forEach(spec -> issuer.put(spec.serial().digits(), spec.city().code()));
        ClearedDetail everyNight = day.life == null ? detail : ClearedDetail.read(day.life.nights(day.outbox, day));
        everyNight.lastBalance().forEach((card, fen) -> held.merge(issuer.get(card),
                day.life != null && day.life.moneyLeft(card) ? 0 : fen, Math::addExact));
        check.that("each issuer's card float in the ledger = the balances its cards' last accepted records left",
                BankLedger.floatDifferences(held, BankLedger.cardFloat(day.services.connection("settlement"))));
        Services.Run reconcile = day.reconcile;
        if (day.faults.on()) {
            check.that("the bank's missing and short transfers are breaks", reconcile.output().contains("MISSING")
                    && reconcile.output().contains("AMOUNT_DIFFERS") ? List.of()
                    : List.of(reconcile.line("bank confirmation")));
        } else {
            check.that("the bank executed every instruction", reconcile.exit() == 0 ? List.of()
                    : List.of(reconcile.line("bank confirmation")));
        }
    }

    private Path instructions(String date) {
        return day.outbox.resolve(date + "/settlement-instructions.txt");
    }

    /** Two nights' figures per city, added (a held-back file's money moves on the night that clears it). */
    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> total = new TreeMap<>(a);
        b.forEach((city, fen) -> total.merge(city, fen, Math::addExact));
        return total;
    }
}
