package cn.yrd.onecard.settlement.day;

import cn.yrd.onecard.settlement.card.CardFloat;
import cn.yrd.onecard.settlement.card.ShadowBalances;
import cn.yrd.onecard.settlement.cardcase.CardCases;
import cn.yrd.onecard.settlement.fund.FundMovement;
import cn.yrd.onecard.settlement.fund.FundMovements;
import cn.yrd.onecard.settlement.fund.FundTable;
import cn.yrd.onecard.settlement.intake.ClearingDay;
import cn.yrd.onecard.settlement.intake.MerchantPayout;
import cn.yrd.onecard.settlement.intake.PairTotal;
import cn.yrd.onecard.settlement.ledger.Accounts;
import cn.yrd.onecard.settlement.ledger.JournalEntry;
import cn.yrd.onecard.settlement.ledger.Ledger;
import cn.yrd.onecard.settlement.ledger.Posting;
import cn.yrd.onecard.settlement.netting.NetPosition;
import cn.yrd.onecard.settlement.netting.Netting;
import cn.yrd.onecard.settlement.netting.SettlementInstruction;
import cn.yrd.onecard.settlement.suspense.SuspenseQueue;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Settles a business date once, in one transaction: the clearing totals (and suspense items released since the
 * last settled day) are netted into the 16 positions, posted to the ledger (one entry per cross-city pair, one
 * netting entry), turned into settlement instructions, the cards' shadow balances moved and the suspended records
 * queued for finance staff; then the day is closed. A crash before the commit leaves nothing; a
 * closed day is never settled again.
 */
@Service
public class DaySettlement {
    private final DayTable days;
    private final Ledger ledger;
    private final ShadowBalances cards;
    private final SuspenseQueue suspense;
    private final CardCases cases;
    private final CardFloat cardFloat;
    private final FundTable funds;

    DaySettlement(DayTable days, Ledger ledger, ShadowBalances cards, SuspenseQueue suspense, CardCases cases,
            CardFloat cardFloat, FundTable funds) {
        this.funds = funds;
        this.cardFloat = cardFloat;
        this.days = days;
        this.ledger = ledger;
        this.cards = cards;
        this.suspense = suspense;
        this.cases = cases;
    }

    /** What settling a day did, or that the day was already closed and nothing changed. */
    public record Outcome(LocalDate date, LocalDateTime closedAt, boolean alreadyClosed, List<NetPosition> positions,
            List<SettlementInstruction> instructions, List<String> floatBreaks) {
    }

    public LocalDateTime closedAt(LocalDate date) {
        return days.closedAt(date);
    }

    /** The most recent closed day, or null if none. */
    public LocalDate lastClosed() {
        return days.lastClosed();
    }

    public List<NetPosition> positions(LocalDate date) {
        return days.positions(date);
    }

    public List<PairTotal> totals(LocalDate date) {
        return days.totals(date);
    }

    public List<SettlementInstruction> instructions(LocalDate date) {
        return days.instructions(date);
    }

    /** The closed days of the 30 days ending on {@code date}: records accepted and cross-city gross. */
    /** The merchants' statements of a settled day, by acquirer and merchant. */
    public List<DayTable.Statement> statements(LocalDate date) {
        return days.statements(date);
    }

    public List<DayTable.Settled> lastThirtyDays(LocalDate date) {
        return days.lastThirtyDays(date);
    }

    @Transactional
    public Outcome settle(ClearingDay day) {
        LocalDate date = day.date();
        LocalDateTime closed = days.closedAt(date);
        if (closed != null) {
            return new Outcome(date, closed, true, days.positions(date), days.instructions(date), cardFloat.breaks());
        }
        // Suspense items released since the last settled day were posted when released; they are netted now.
        List<PairTotal> netted = new ArrayList<>(day.totals());
        netted.addAll(suspense.netReleases(date));
        // So are the lost cards' refunds and replacements between two cities decided since.
        netted.addAll(cases.netDecided(date));
        List<NetPosition> positions = Netting.positions(netted);
        List<SettlementInstruction> instructions = new ArrayList<>(Netting.instructions(date, positions));
        // And the refunds to holders' bank cards decided since, each paid by the card's issuer.
        instructions.addAll(cases.instructRefunds(date));
        // And each merchant's payments of the day, net of the discount, paid by the city that acquires it.
        for (MerchantPayout m : day.payouts()) {
            SettlementInstruction payout = new SettlementInstruction(SettlementInstruction.merchantReference(date,
                    m.merchantId()), date, m.city(), SettlementInstruction.Direction.MERCHANT, m.net(), m.account());
            days.insertPayout(date, m, payout.reference());
            if (m.net() > 0) {
                instructions.add(payout);
            }
        }
        if (!day.totals().isEmpty()) {
            days.insertTotals(date, day.totals());
        }
        days.insertPositions(date, positions);
        instructions.forEach(days::insertInstruction);
        long gross = 0;
        for (PairTotal t : day.totals()) {
            JournalEntry entry = t.local() ? null : clearingEntry(date, t);
            if (entry != null) {
                ledger.post(entry);
            }
            gross = Math.addExact(gross, t.local() ? 0 : t.gross());
        }
        JournalEntry netting = nettingEntry(date, netted, positions);
        if (netting != null) {
            ledger.post(netting);
        }
        JournalEntry merchants = merchantsEntry(date, day.payouts());
        if (merchants != null) {
            ledger.post(merchants);
        }
        List<FundMovement> movements = FundMovements.of(date, day.records());
        if (!movements.isEmpty()) {
            funds.insert(movements);
            JournalEntry fundEntry = FundMovements.entry(date, movements);
            if (fundEntry != null) {
                ledger.post(fundEntry);
            }
        }
        JournalEntry floats = CardFloat.entry(date, cards.apply(date, day.records()));
        if (floats != null) {
            ledger.post(floats);
        }
        suspense.take(date, day.records());
        days.close(date, day.sha256(), day.acceptedCount(), gross);
        return new Outcome(date, days.closedAt(date), false, positions, instructions, cardFloat.breaks());
    }

    /**
     * The payer owes the net to the centre, the centre owes it to the payee; the payee's fees go to the payer.
     * Null for a pair that moves no money (proofs of life).
     */
    private static JournalEntry clearingEntry(LocalDate date, PairTotal t) {
        List<Posting> p = new ArrayList<>();
        if (t.net() > 0) {
            p.add(Posting.debit(Accounts.dueFrom(t.payer(), t.businessLine()), t.net()));
            p.add(Posting.credit(Accounts.dueTo(t.payee(), t.businessLine()), t.net()));
        }
        if (t.fees() > 0) {
            p.add(Posting.debit(Accounts.feeExpense(t.payee()), t.fees()));
            p.add(Posting.credit(Accounts.feeIncome(t.payer()), t.fees()));
        }
        return p.isEmpty() ? null : new JournalEntry(date, JournalEntry.Kind.CLEARING,
                "CLR-" + date + "-" + t.businessLine() + "-" + t.payer() + "-" + t.payee(),
                t.businessLine() + " " + t.payer() + " -> " + t.payee() + ": " + t.count() + " records", p);
    }

    /**
     * Each acquiring city sets aside its merchants' net until the bank pays it out: the city owes it to them from
     * now (MERCHANTS_DUE); the bank's confirmation of each payout closes both. Null on a day with no merchant paid.
     */
    private static JournalEntry merchantsEntry(LocalDate date, List<MerchantPayout> payouts) {
        Map<String, Long> byCity = new TreeMap<>();
        payouts.forEach(m -> byCity.merge(m.city(), m.net(), Math::addExact));
        List<Posting> p = new ArrayList<>();
        byCity.forEach((city, net) -> {
            if (net > 0) {
                p.add(Posting.debit(Accounts.merchantFunds(city), net));
                p.add(Posting.credit(Accounts.merchantsDue(city), net));
            }
        });
        return p.isEmpty() ? null : new JournalEntry(date, JournalEntry.Kind.CLEARING, "MPY-" + date,
                "what the acquiring cities owe their merchants for " + date, p);
    }

    /** Closes each city's dues of the day into its settlement position with the centre; null if it has none. */
    private static JournalEntry nettingEntry(LocalDate date, List<PairTotal> totals, List<NetPosition> positions) {
        Map<String, Long> dueFrom = new TreeMap<>();
        Map<String, Long> dueTo = new TreeMap<>();
        for (PairTotal t : totals) {
            if (!t.local() && t.net() > 0) {
                dueFrom.merge(Accounts.dueFrom(t.payer(), t.businessLine()), t.net(), Long::sum);
                dueTo.merge(Accounts.dueTo(t.payee(), t.businessLine()), t.net(), Long::sum);
            }
        }
        List<Posting> p = new ArrayList<>();
        dueFrom.forEach((account, fen) -> p.add(Posting.credit(account, fen)));
        dueTo.forEach((account, fen) -> p.add(Posting.debit(account, fen)));
        for (NetPosition pos : positions) {
            if (pos.net() > 0) {
                p.add(Posting.credit(Accounts.settlement(pos.city()), pos.net()));
            } else if (pos.net() < 0) {
                p.add(Posting.debit(Accounts.settlement(pos.city()), -pos.net()));
            }
        }
        return p.isEmpty() ? null : new JournalEntry(date, JournalEntry.Kind.NETTING, "NET-" + date,
                "net positions of " + date + " into the regional settlement account", p);
    }
}
