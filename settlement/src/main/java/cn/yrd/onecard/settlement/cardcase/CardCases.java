package cn.yrd.onecard.settlement.cardcase;

import cn.yrd.onecard.settlement.audit.AuditTrail;
import cn.yrd.onecard.settlement.hotlist.RegionalHotlist;
import cn.yrd.onecard.settlement.intake.PairTotal;
import cn.yrd.onecard.settlement.ledger.Accounts;
import cn.yrd.onecard.settlement.ledger.JournalEntry;
import cn.yrd.onecard.settlement.ledger.Ledger;
import cn.yrd.onecard.settlement.ledger.Posting;
import cn.yrd.onecard.settlement.netting.BankAccounts;
import cn.yrd.onecard.settlement.netting.SettlementInstruction;
import cn.yrd.onecard.settlement.web.Officer;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A lost card's money at the end of its life (docs/settlement.md, "A lost card's money"): refunded in cash at a
 * counter, or moved onto a replacement card the counter's city issued; once per card, and only after the issuing
 * city's waiting period since the card was listed, so that its last offline rides have reached clearing. The amount
 * is never typed in: it is the card's shadow balance, the balance after its last record cleared before the listing
 * (clearing suspends the later ones, H01). Between two cities the money moves as the business line {@code CARD}: the
 * card's issuer owes the counter's city, posted when decided and netted by the next settled day.
 */
@Service
public class CardCases {
    /** The business line of money a card's issuer owes another city for its card (a refund paid, a balance moved). */
    public static final String LINE = "CARD";
    /** The waiting period of a city that sets none ({@code onecard.cards.waiting-period.CODE}). */
    static final Duration DEFAULT_WAITING = Duration.ofDays(7);

    private final CardCaseTable table;
    private final RegionalHotlist hotlist;
    private final Ledger ledger;
    private final AuditTrail audit;
    private final Environment env;
    private final Clock clock;

    CardCases(CardCaseTable table, RegionalHotlist hotlist, Ledger ledger, AuditTrail audit, Environment env,
            org.springframework.beans.factory.ObjectProvider<Clock> clock) {
        this.table = table;
        this.hotlist = hotlist;
        this.ledger = ledger;
        this.audit = audit;
        this.env = env;
        this.clock = clock.getIfAvailable(Clock::systemDefaultZone);
    }

    /** A decision that cannot be taken, with why, in one line; nothing was changed. */
    public static class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** A decision that is not the officer's to take. */
    public static final class NotYours extends Refused {
        NotYours(String message) {
            super(message);
        }
    }

    /** A decision, and whether it was taken now or given back to a retry of the request that took it. */
    public record Decided(CardCase decision, boolean replayed) {
    }

    /** The waiting period of {@code city}'s cards: from their listing to their refund or replacement. */
    public Duration waitingPeriod(String city) {
        return env.getProperty("onecard.cards.waiting-period." + city, Duration.class, DEFAULT_WAITING);
    }

    /**
     * Refunds the card at the counter of {@code counterCity} (the officer's city, or any city for the region's staff):
     * in cash from the counter's till, or, given {@code bankAccount}, to the holder's bank card, which the card's issuer
     * pays with the next settled day's instructions. {@code holderProved}: the holder proved the card is theirs (the
     * city app's token listing it), which an officer of another city than the issuer's needs. {@code requestKey}
     * (optional): the counter's idempotency key; the same request again, after a crash or a lost answer, gets the
     * decision back rather than a refusal, so that the counter knows the cash was already counted out.
     */
    @Transactional(rollbackFor = Refused.class)
    public Decided refund(String card, String counterCity, String bankAccount, Officer officer, boolean holderProved,
            String requestKey) throws Refused {
        if (bankAccount != null && BankAccounts.problem(bankAccount) != null) {
            throw new Refused(BankAccounts.problem(bankAccount) + ": nothing was refunded");
        }
        return decide(card, CardCase.REFUNDED, counterCity, null, bankAccount, officer, holderProved, requestKey);
    }

    /** Replaces the card with {@code newCard}, issued by {@code counterCity}, and moves its money onto it. */
    @Transactional(rollbackFor = Refused.class)
    public Decided replace(String card, String newCard, String counterCity, Officer officer, boolean holderProved,
            String requestKey) throws Refused {
        if (newCard == null || !newCard.matches("[0-9]{16}")) {
            throw new Refused("the new card's serial is 16 digits");
        }
        if (newCard.equals(card)) {
            throw new Refused("a card is replaced by another card");
        }
        CardCase retried = requestKey == null ? null : table.find(card);
        if (table.known(newCard) > 0 && !(retried != null && requestKey.equals(retried.requestKey()))) {
            throw new Refused("card " + CardCase.masked(newCard) + " is not new: it has a history of its own");
        }
        return decide(card, CardCase.REPLACED, counterCity, newCard, null, officer, holderProved, requestKey);
    }

    private Decided decide(String card, String outcome, String counterCity, String newCard, String bankAccount,
            Officer officer, boolean holderProved, String requestKey) throws Refused {
        if (!officer.role().equals("CITY") && !officer.role().equals("REGION")) {
            throw new NotYours("only a city's or the region's staff refund or replace cards");
        }
        if (card == null || !card.matches("[0-9]{16}")) {
            throw new Refused("a card serial is 16 digits");
        }
        if (requestKey != null && !requestKey.matches("[A-Za-z0-9._:-]{8,64}")) {
            throw new Refused("an idempotency key is 8 to 64 letters, digits, '.', '_', ':' or '-'");
        }
        String counter = officer.role().equals("CITY") ? officer.city() : counterCity;
        if (counter == null || cn.yrd.onecard.city.Cities.find(counter).isEmpty()) {
            throw new Refused("say which city's counter it is: counterCity, one of the 16 city codes");
        }
        if (officer.role().equals("CITY") && counterCity != null && !counterCity.equals(officer.city())) {
            throw new NotYours("an officer of " + officer.city() + " works at " + officer.city() + "'s counters, not "
                    + counterCity + "'s");
        }
        String masked = CardCase.masked(card);
        CardCaseTable.Shadow shadow = table.lockShadow(card);
        if (shadow == null) {
            throw new Refused("card " + masked + " is not in the centre's records: check the serial");
        }
        CardCase done = table.find(card);
        if (done != null && requestKey != null && requestKey.equals(done.requestKey())) {
            if (!done.outcome().equals(outcome) || !java.util.Objects.equals(done.newCard(), newCard)
                    || !done.counterCity().equals(counter) || !java.util.Objects.equals(done.bankAccount(), bankAccount)) {
                throw new Refused("idempotency key " + requestKey + " was used for another request on card " + masked);
            }
            return new Decided(done, true);
        }
        if (done != null) {
            throw new Refused("card " + masked + " was " + done.status() + " by " + done.decidedBy() + ": once only");
        }
        RegionalHotlist.Listing listing = hotlist.listing(card).orElseThrow(() -> new Refused("card " + masked
                + " is not reported lost: report it first, then wait " + days(waitingPeriod(shadow.issuerCity()))));
        if (listing.reason().equals("REFUNDED")) {
            throw new Refused("card " + masked + " was listed as refunded: its money has left it");
        }
        if (!officer.maySee(shadow.issuerCity()) && !holderProved) {
            throw new NotYours("card " + masked + " was issued by " + shadow.issuerCity() + ": a counter of another "
                    + "city needs the holder's proof (their city app's token listing the card)");
        }
        Duration waiting = waitingPeriod(shadow.issuerCity());
        LocalDateTime from = listing.from().plus(waiting);
        LocalDateTime now = LocalDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
        if (now.isBefore(from)) {
            throw new Refused("card " + masked + " can be " + (newCard == null ? "refunded" : "replaced") + " from "
                    + from + ", " + days(waiting) + " after it was listed: its last offline rides reach clearing "
                    + "first");
        }
        int suspended = table.openSuspense(card);
        if (suspended > 0) {
            throw new Refused("card " + masked + " has " + suspended + " record(s) in suspense: finance staff "
                    + "release or write them off first, so that its balance is final");
        }
        if (shadow.balance() < 0) {
            throw new Refused("card " + masked + "'s balance is " + shadow.balance() + " fen: ask finance staff");
        }
        CardCase decided = new CardCase(card, shadow.issuerCity(), outcome, shadow.balance(), counter, newCard,
                officer.name(), now, requestKey, bankAccount);
        try {
            table.insert(decided);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw new Refused(requestKey != null && e.getMessage().contains("uk_case_request") ? "idempotency key "
                    + requestKey + " was used for another card" : "card " + masked + " was decided at this moment by "
                    + "another counter, or its new card was: look again");
        }
        table.emptyShadow(card);
        if (decided.amount() > 0) {
            ledger.post(new JournalEntry(now.toLocalDate(), JournalEntry.Kind.CARD, "CARD-" + card,
                    outcome.toLowerCase(java.util.Locale.ROOT) + " card " + masked + " at " + counter + " by "
                            + officer.name(), postings(decided)));
        }
        audit.record(officer.name(), outcome.equals(CardCase.REFUNDED) ? "CARD_REFUND" : "CARD_REPLACE",
                "card:" + masked, decided.amount() + " fen " + (newCard != null ? "moved onto "
                        + CardCase.masked(newCard) + " issued by " + counter : bankAccount == null ? "paid in cash at "
                        + counter : "to be paid by " + shadow.issuerCity() + " to account " + decided.paidTo()));
        return new Decided(decided, false);
    }

    /**
     * The money leaves the card, out of its issuer's float: into the holder's hand from the counter's till, owed to the
     * holder's bank account until the bank pays it, or onto the new card through its issuer's funds. Where a counter
     * of another city paid cash or issued the new card, the card's issuer owes that city ({@link #LINE}).
     */
    private static List<Posting> postings(CardCase c) {
        String issuer = c.issuerCity();
        boolean toBank = c.bankAccount() != null;
        List<Posting> p = new ArrayList<>(List.of(Posting.debit(Accounts.cardFloat(issuer), c.amount()),
                Posting.credit(toBank ? Accounts.refundsDue(issuer) : c.outcome().equals(CardCase.REFUNDED)
                        ? Accounts.counterCash(c.counterCity()) : Accounts.cardFunds(issuer), c.amount())));
        if (!toBank && !c.counterCity().equals(issuer)) {
            p.add(Posting.debit(Accounts.dueFrom(issuer, LINE), c.amount()));
            p.add(Posting.credit(Accounts.dueTo(c.counterCity(), LINE), c.amount()));
        }
        return p;
    }

    /**
     * The refunds to holders' accounts decided since the last settled day, as that day's instructions to the bank:
     * each paid by the card's issuer from its own account; marks them instructed by {@code settledDay}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<SettlementInstruction> instructRefunds(LocalDate settledDay) {
        List<SettlementInstruction> out = new ArrayList<>();
        Map<String, Integer> perIssuer = new TreeMap<>();
        for (CardCase c : table.notInstructed()) {
            String reference = SettlementInstruction.refundReference(settledDay, c.issuerCity(),
                    perIssuer.merge(c.issuerCity(), 1, Integer::sum));
            if (table.markInstructed(c.card(), reference) != 1) {
                throw new IllegalStateException("refund of card " + c.maskedCard() + " was instructed twice");
            }
            out.add(new SettlementInstruction(reference, settledDay, c.issuerCity(),
                    SettlementInstruction.Direction.REFUND, c.amount(), c.bankAccount()));
        }
        return out;
    }

    private static String days(Duration d) {
        return d.toDays() + " day(s)";
    }

    /**
     * The decisions between two cities not yet netted, as totals per pair, for the day being settled; marks them
     * netted by that day. Their ledger entries were posted when they were decided.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<PairTotal> netDecided(LocalDate settledDay) {
        List<CardCase> cases = table.notNetted();
        Map<String, long[]> sums = new TreeMap<>();
        for (CardCase c : cases) {
            long[] s = sums.computeIfAbsent(c.issuerCity() + "|" + c.counterCity(), k -> new long[2]);
            s[0]++;
            s[1] = Math.addExact(s[1], c.amount());
        }
        if (!cases.isEmpty()) {
            table.markNetted(settledDay, cases.stream().map(CardCase::card).toList());
        }
        List<PairTotal> out = new ArrayList<>();
        sums.forEach((k, s) -> {
            String[] f = k.split("\\|");
            out.add(new PairTotal(LINE, f[0], f[1], s[0], s[1], 0, s[1]));
        });
        return out;
    }

    /** What counters decided on {@code date} that {@code officer} may see: its city's, as issuer or counter. */
    public List<CardCase> decidedOn(LocalDate date, Officer officer) {
        return table.decidedBetween(date.atStartOfDay(), date.plusDays(1).atStartOfDay()).stream()
                .filter(c -> officer.maySee(c.issuerCity()) || officer.maySee(c.counterCity())).toList();
    }

    /**
     * A loss reported: the card, its issuer (null for a card the centre never cleared), why, from when, who reported it
     * and their city (null for the region's staff or the holder's app), when, and when it was found again (or null).
     */
    public record Report(String card, String issuerCity, String reason, LocalDateTime effectiveAt, String reportedBy,
            String reporterCity, LocalDateTime reportedAt, LocalDateTime liftedAt) {
    }

    /** The losses reported on {@code date} that {@code officer} may see: of its city's cards, or by its city's staff. */
    public List<Report> reportedOn(LocalDate date, Officer officer) {
        return table.reportedBetween(date.atStartOfDay(), date.plusDays(1).atStartOfDay()).stream()
                .filter(r -> r.issuerCity() != null && officer.maySee(r.issuerCity())
                        || r.reporterCity() != null && officer.maySee(r.reporterCity())
                        || officer.seesRegion())
                .toList();
    }

    /** Reports as CSV, cards masked, with a total line of their count. */
    public static String reportsCsv(List<Report> reports) {
        StringBuilder csv = new StringBuilder("card,issuer,reason,listed_from,reported_by,reporter_city,reported_at,"
                + "found_at\n");
        for (Report r : reports) {
            csv.append(String.join(",", CardCase.masked(r.card()), nonNull(r.issuerCity()), r.reason(),
                    r.effectiveAt().toString(), r.reportedBy(), nonNull(r.reporterCity()),
                    r.reportedAt().withNano(0).toString(), r.liftedAt() == null ? "" : r.liftedAt().toString()))
                    .append('\n');
        }
        return csv.append("TOTAL,,").append(reports.size()).append(",,,,,\n").toString();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** Decisions as CSV, cards masked, with a total line of their amounts checked against the lines. */
    public static String csv(List<CardCase> cases) {
        StringBuilder csv = new StringBuilder("card,issuer,outcome,amount_fen,amount_yuan,counter_city,new_card,"
                + "paid_to,decided_by,decided_at\n");
        long total = 0;
        for (CardCase c : cases) {
            csv.append(String.join(",", c.maskedCard(), c.issuerCity(), c.outcome(),
                    Long.toString(c.amount()), cn.yrd.onecard.money.Fen.asYuan(c.amount()), c.counterCity(),
                    c.maskedNewCard(), c.paidTo(), c.decidedBy(),
                    c.decidedAt().withNano(0).toString())).append('\n');
            total = Math.addExact(total, c.amount());
        }
        return csv.append("TOTAL,,").append(cases.size()).append(',').append(total).append(',')
                .append(cn.yrd.onecard.money.Fen.asYuan(total)).append(",,,,,\n").toString();
    }
}
