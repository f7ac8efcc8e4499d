package cn.yrd.onecard.settlement.fund;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.settlement.day.DayTable;
import cn.yrd.onecard.settlement.fund.FundMovement.Fund;
import cn.yrd.onecard.settlement.fund.FundMovement.Kind;
import cn.yrd.onecard.settlement.intake.PairTotal;
import cn.yrd.onecard.settlement.ledger.Accounts;
import cn.yrd.onecard.settlement.ledger.Ledger;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * A home city's monthly statement of its medical fund and its pension fund (issue 19, docs/social-security.md): what
 * each fund paid through the centre for its insured and pensioners away from home, by the city where they were
 * treated or paid, its balance in the ledger at the start and end of the month; and the bureau's statistics of the
 * month, both ways: the city's insured and pensioners served elsewhere, and other cities' served in the city.
 *
 * <p>Before anything is shown, each fund's movements (the {@code fund_movement} rows) are checked against the ledger's
 * fund account (the month's closing balance less its opening one), and each settled day's against the pair totals
 * clearing's result files gave that day: what a city owes on its MEDICAL line is its insured's claims and its
 * hospitals' reversals, on its PENSION line its pensioners' payouts. A row, a posting or a total changed alone fails
 * the statement, naming the city, the fund and the day.
 */
@Service
public class FundStatements {
    private final FundTable funds;
    private final DayTable days;
    private final Ledger ledger;

    FundStatements(FundTable funds, DayTable days, Ledger ledger) {
        this.funds = funds;
        this.days = days;
        this.ledger = ledger;
    }

    /**
     * One service city's share of a fund's month: records and fen by kind; {@code billed} the claims' whole bills, of
     * which the fund paid {@code claimed}.
     */
    public record Line(String city, String name, long claims, long billed, long claimed, long reversals,
            long reversed, long payouts, long paid, long proofs) {
        static Line of(String city) {
            return new Line(city, Cities.byCode(city).nameEn(), 0, 0, 0, 0, 0, 0, 0, 0);
        }

        Line plus(FundMovement m) {
            return switch (m.kind()) {
                case CLAIM -> new Line(city, name, claims + m.records(), Math.addExact(billed, m.bills()),
                        Math.addExact(claimed, m.amount()), reversals, reversed, payouts, paid, proofs);
                case REVERSAL -> new Line(city, name, claims, billed, claimed, reversals + m.records(),
                        Math.addExact(reversed, m.amount()), payouts, paid, proofs);
                case PAYOUT -> new Line(city, name, claims, billed, claimed, reversals, reversed,
                        payouts + m.records(), Math.addExact(paid, m.amount()), proofs);
                case PROOF_OF_LIFE -> new Line(city, name, claims, billed, claimed, reversals, reversed, payouts,
                        paid, proofs + m.records());
            };
        }

        /** What the fund spent net: claims less reversals, or the pensions paid. */
        public long net() {
            return Math.subtractExact(Math.addExact(claimed, paid), reversed);
        }
    }

    /** A fund's month: its ledger balances, its movements by service city and their total. */
    public record FundMonth(Fund fund, String account, long opening, List<Line> byCity, Line total, long closing) {
    }

    /**
     * Claims of one level and kind of care ({@code THREE-INPATIENT}): records, their whole bills and the fund's part,
     * and reversals.
     */
    public record CareLine(String care, long claims, long billed, long claimed, long reversals, long reversed) {
        CareLine plus(FundMovement m) {
            return m.kind() == Kind.REVERSAL ? new CareLine(care, claims, billed, claimed, reversals + m.records(),
                    Math.addExact(reversed, m.amount())) : new CareLine(care, claims + m.records(),
                            Math.addExact(billed, m.bills()), Math.addExact(claimed, m.amount()), reversals,
                            reversed);
        }
    }

    /**
     * The city's statement of {@code month}: its two funds, and what its hospitals and agents did for other cities'
     * insured and pensioners (the bureau's statistics the other way), by home city; the claims both ways by the
     * hospital's level and kind of care.
     */
    public record Statement(City city, YearMonth month, FundMonth medical, FundMonth pension, List<Line> served,
            Line servedTotal, List<CareLine> insuredByCare, List<CareLine> servedByCare) {
        public boolean empty() {
            return medical.byCity().isEmpty() && pension.byCity().isEmpty() && served.isEmpty();
        }
    }

    public Statement statement(City city, YearMonth month) {
        String c = city.code();
        LocalDate first = month.atDay(1);
        LocalDate last = month.atEndOfMonth();
        List<FundMovement> movements = funds.involving(c, first, last);
        checkAgainstPairTotals(c, first, last, movements);
        Map<String, Long> opening = ledger.balances(first.minusDays(1));
        Map<String, Long> closing = ledger.balances(last);
        FundMonth medical = fundMonth(c, month, Fund.MEDICAL, movements, opening, closing);
        FundMonth pension = fundMonth(c, month, Fund.PENSION, movements, opening, closing);
        Map<String, Line> served = new TreeMap<>();
        Line servedTotal = Line.of(c);
        Map<String, CareLine> insuredByCare = new TreeMap<>();
        Map<String, CareLine> servedByCare = new TreeMap<>();
        for (FundMovement m : movements) {
            if (m.serviceCity().equals(c)) {
                served.put(m.homeCity(), served.getOrDefault(m.homeCity(), Line.of(m.homeCity())).plus(m));
                servedTotal = servedTotal.plus(m);
            }
            if (m.fund() == Fund.MEDICAL) {
                Map<String, CareLine> byCare = m.homeCity().equals(c) ? insuredByCare : servedByCare;
                byCare.put(m.care(), byCare.getOrDefault(m.care(), new CareLine(m.care(), 0, 0, 0, 0, 0)).plus(m));
            }
        }
        return new Statement(city, month, medical, pension, List.copyOf(served.values()), servedTotal,
                List.copyOf(insuredByCare.values()), List.copyOf(servedByCare.values()));
    }

    private static FundMonth fundMonth(String c, YearMonth month, Fund fund, List<FundMovement> movements,
            Map<String, Long> opening, Map<String, Long> closing) {
        Map<String, Line> byCity = new TreeMap<>();
        Line total = Line.of(c);
        for (FundMovement m : movements) {
            if (m.fund() == fund && m.homeCity().equals(c)) {
                byCity.put(m.serviceCity(), byCity.getOrDefault(m.serviceCity(), Line.of(m.serviceCity())).plus(m));
                total = total.plus(m);
            }
        }
        String account = Accounts.fund(c, fund.name());
        long open = opening.getOrDefault(account, 0L);
        long close = closing.getOrDefault(account, 0L);
        if (Math.subtractExact(close, open) != total.net()) {
            throw new IllegalStateException(String.format("%s's %s fund in %s does not add up: its movements say %s "
                    + "yuan, the ledger's %s moved %s yuan", c, fund.name().toLowerCase(), month,
                    Fen.asYuan(total.net()), account, Fen.asYuan(close - open)));
        }
        return new FundMonth(fund, account, open, List.copyOf(byCity.values()), total, close);
    }

    /**
     * Each day's movements against the day's pair totals: the city's MEDICAL line owes its insured's claims and its
     * hospitals' reversals and is owed the reverse; its PENSION line owes its pensioners' payouts and is owed what its
     * agents paid others'.
     */
    private void checkAgainstPairTotals(String c, LocalDate first, LocalDate last, List<FundMovement> movements) {
        Map<LocalDate, long[]> fromMovements = new LinkedHashMap<>();
        for (FundMovement m : movements) {
            long[] d = fromMovements.computeIfAbsent(m.businessDate(), k -> new long[4]);
            boolean home = m.homeCity().equals(c);
            int line = m.fund() == Fund.MEDICAL ? 0 : 2;
            // Owed by the city (index line) or to it (line + 1): a claim by its home, a reversal by its service city.
            boolean owes = m.kind() == Kind.REVERSAL ? !home : home;
            d[owes ? line : line + 1] = Math.addExact(d[owes ? line : line + 1], m.amount());
        }
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            long[] totals = new long[4];
            for (PairTotal t : days.totals(day)) {
                int line = t.businessLine().equals("MEDICAL") ? 0 : t.businessLine().equals("PENSION") ? 2 : -1;
                if (line < 0 || t.local()) {
                    continue;
                }
                if (t.payer().equals(c)) {
                    totals[line] = Math.addExact(totals[line], t.net());
                } else if (t.payee().equals(c)) {
                    totals[line + 1] = Math.addExact(totals[line + 1], t.net());
                }
            }
            long[] moved = fromMovements.getOrDefault(day, new long[4]);
            for (int i = 0; i < 4; i++) {
                if (moved[i] != totals[i]) {
                    throw new IllegalStateException(String.format("%s's %s business of %s does not add up: the "
                            + "funds' movements say it %s %s yuan, the %s totals %s yuan", c, i < 2 ? "medical"
                                    : "pension", day, i % 2 == 0 ? "owed" : "was owed", Fen.asYuan(moved[i]),
                            i < 2 ? "MEDICAL" : "PENSION", Fen.asYuan(totals[i])));
                }
            }
        }
    }

    /** The statement as CSV, in fen: one line a fund and service city, then each fund's checked total and balances. */
    public static String csv(Statement s) {
        StringBuilder csv = new StringBuilder("month,home_city,fund,service_city,claims,billed_fen,claimed_fen,"
                + "reversals,reversed_fen,payouts,paid_fen,proofs_of_life,net_fen\n");
        List<FundMonth> both = new ArrayList<>(List.of(s.medical(), s.pension()));
        for (FundMonth f : both) {
            for (Line l : f.byCity()) {
                csv.append(row(s, f.fund().name(), l.city(), l)).append('\n');
            }
            csv.append(row(s, f.fund().name(), "TOTAL", f.total())).append('\n');
            csv.append(String.join(",", s.month().toString(), s.city().code(), f.fund().name(), "BALANCE", "", "", "",
                    "", "", "", "", "", "opening " + f.opening() + " closing " + f.closing())).append('\n');
        }
        for (Line l : s.served()) {
            csv.append(row(s, "SERVED_FOR", l.city(), l)).append('\n');
        }
        for (var byCare : List.of(Map.entry("INSURED_BY_CARE", s.insuredByCare()),
                Map.entry("SERVED_BY_CARE", s.servedByCare()))) {
            for (CareLine l : byCare.getValue()) {
                csv.append(String.join(",", s.month().toString(), s.city().code(), byCare.getKey(), l.care(),
                        Long.toString(l.claims()), Long.toString(l.billed()), Long.toString(l.claimed()),
                        Long.toString(l.reversals()), Long.toString(l.reversed()), "", "", "",
                        Long.toString(Math.subtractExact(l.claimed(), l.reversed()))))
                        .append('\n');
            }
        }
        return csv.toString();
    }

    private static String row(Statement s, String fund, String city, Line l) {
        return String.join(",", s.month().toString(), s.city().code(), fund, city, Long.toString(l.claims()),
                Long.toString(l.billed()), Long.toString(l.claimed()), Long.toString(l.reversals()), Long.toString(l.reversed()),
                Long.toString(l.payouts()), Long.toString(l.paid()), Long.toString(l.proofs()),
                Long.toString(l.net()));
    }
}
