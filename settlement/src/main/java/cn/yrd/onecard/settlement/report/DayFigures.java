package cn.yrd.onecard.settlement.report;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.registry.MerchantRegister;
import cn.yrd.onecard.settlement.day.DaySettlement;
import cn.yrd.onecard.settlement.day.DayTable;
import cn.yrd.onecard.settlement.intake.PairTotal;
import cn.yrd.onecard.settlement.netting.NetPosition;
import cn.yrd.onecard.settlement.netting.SettlementInstruction;
import cn.yrd.onecard.settlement.reconciliation.Reconciliation;
import cn.yrd.onecard.settlement.reconciliation.ReconciliationTable.FoundBreak;
import cn.yrd.onecard.settlement.suspense.SuspenseItem;
import cn.yrd.onecard.settlement.suspense.SuspenseQueue;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * A settled day's figures, read once from the ledger's tables, for the pages, the downloads and the report
 * files alike: one place decides what a city's officer and the region see.
 */
@Service
public class DayFigures {
    public static final List<String> LINES = DayFileKind.businessLines();

    private final DaySettlement days;
    private final SuspenseQueue suspense;
    private final Reconciliation reconciliation;

    DayFigures(DaySettlement days, SuspenseQueue suspense, Reconciliation reconciliation) {
        this.days = days;
        this.suspense = suspense;
        this.reconciliation = reconciliation;
    }

    /** A row of the who-owes-whom matrix: the payer and, per payee, the net it owes in yuan ("" where nothing). */
    public record MatrixRow(City payer, List<String> cells, String total) {
    }

    /** The region's day. */
    public record Region(LocalDate date, List<NetPosition> positions, long positionsSum,
            Map<String, List<MatrixRow>> matrices, List<SettlementInstruction> instructions, List<FoundBreak> breaks,
            long openSuspense, List<Charts.Point> trend) {
    }

    /** One city's day. */
    public record CityDay(LocalDate date, City city, NetPosition position, List<PairTotal> totals,
            List<SettlementInstruction> instructions, List<SuspenseItem> suspense, List<FoundBreak> breaks) {
    }

    /**
     * One category of an acquirer's merchants on a day: how many merchants were paid, their payments, the volume
     * (gross) and the merchant discount they cost, which is the acquirer's fee income before the issuers' share.
     */
    public record CategoryTotal(String category, long merchants, long payments, long gross, long discount) {
        CategoryTotal plus(DayTable.Statement s) {
            return new CategoryTotal(category, merchants + 1, Math.addExact(payments, s.payments()),
                    Math.addExact(gross, s.gross()), Math.addExact(discount, s.discount()));
        }

        /** What the merchants of the category are paid: the volume less the discount. */
        public long net() {
            return Math.subtractExact(gross, discount);
        }

        /**
         * This category's share of {@code all}'s volume, in per cent with one decimal, for reading: in whole tenths of a
         * per cent, half up, on the fen themselves (no floating point near money).
         */
        public String shareOf(CategoryTotal all) {
            if (all.gross() == 0) {
                return "0.0";
            }
            long tenths = (Math.multiplyExact(gross, 2_000L) / all.gross() + 1) / 2;
            return tenths / 10 + "." + tenths % 10;
        }
    }

    /**
     * A city's merchants on a day, as the finance pages show them: each merchant's statement, the totals by category
     * and over all, the biggest by volume, and what the issuers of other cities' cards kept of the discounts.
     *
     * @param issuersKept the issuers' share of the discounts, kept back on the MERCHANT lines the city is owed
     */
    public record CityMerchants(LocalDate date, City city, List<DayTable.Statement> merchants,
            List<CategoryTotal> categories, CategoryTotal total, List<DayTable.Statement> biggest, long issuersKept) {
        /** What the city's card company earned of its merchants' discounts. */
        public long feeIncome() {
            return Math.subtractExact(total.discount(), issuersKept);
        }
    }

    /** How many merchants the finance pages list as the biggest. */
    public static final int BIGGEST = 10;

    public boolean settled(LocalDate date) {
        return days.closedAt(date) != null;
    }

    public LocalDate lastSettled() {
        return days.lastClosed();
    }

    public Region region(LocalDate date) {
        List<NetPosition> positions = days.positions(date);
        List<PairTotal> totals = days.totals(date);
        Map<String, List<MatrixRow>> matrices = new LinkedHashMap<>();
        for (String line : LINES) {
            matrices.put(line, matrix(totals, line));
        }
        return new Region(date, positions, positions.stream().mapToLong(NetPosition::net).reduce(0, Math::addExact), matrices,
                days.instructions(date), reconciliation.breaks(date),
                suspense.ofDay(date, null).stream().filter(SuspenseItem::open).count(),
                days.lastThirtyDays(date).stream().map(s -> new Charts.Point(s.businessDate().toString().substring(5),
                        s.recordCount())).toList());
    }

    public CityDay city(LocalDate date, City city) {
        String c = city.code();
        return new CityDay(date, city, days.positions(date).stream().filter(p -> p.city().equals(c)).findFirst()
                .orElse(new NetPosition(c, 0, 0, 0, 0)),
                days.totals(date).stream().filter(t -> t.payer().equals(c) || t.payee().equals(c)).toList(),
                days.instructions(date).stream().filter(i -> i.city().equals(c)).toList(),
                suspense.ofDay(date, c),
                reconciliation.breaks(date).stream().filter(b -> b.source().equals("STATEMENT:" + c)
                        || b.reference().contains("-" + c)).toList());
    }

    /**
     * The merchants {@code city} acquires and what they took on {@code date}, by category, the biggest first. The
     * statements' payments and volume must be the MERCHANT totals the city is owed: a control total over another table
     * (clearing's pair totals, not its merchants file), checked before anything is shown.
     */
    public CityMerchants merchants(LocalDate date, City city) {
        String c = city.code();
        List<DayTable.Statement> mine = days.statements(date).stream().filter(s -> s.city().equals(c)).toList();
        Map<String, CategoryTotal> byCategory = new LinkedHashMap<>();
        for (MerchantRegister.Category category : MerchantRegister.Category.values()) {
            byCategory.put(category.name(), new CategoryTotal(category.name(), 0, 0, 0, 0));
        }
        CategoryTotal total = new CategoryTotal("all", 0, 0, 0, 0);
        for (DayTable.Statement s : mine) {
            String category = s.category() == null ? "not recorded" : s.category();
            byCategory.put(category, byCategory.getOrDefault(category, new CategoryTotal(category, 0, 0, 0, 0))
                    .plus(s));
            total = total.plus(s);
        }
        long payments = 0;
        long gross = 0;
        long kept = 0;
        for (PairTotal t : days.totals(date)) {
            if (t.businessLine().equals("MERCHANT") && t.payee().equals(c)) {
                payments = Math.addExact(payments, t.count());
                gross = Math.addExact(gross, t.gross());
                kept = Math.addExact(kept, t.fees());
            }
        }
        if (total.payments() != payments || total.gross() != gross) {
            throw new IllegalStateException(String.format("%s's merchants on %s do not add up: their statements say %d "
                    + "payments, %s yuan; the MERCHANT totals %d payments, %s yuan", c, date, total.payments(),
                    Fen.asYuan(total.gross()), payments, Fen.asYuan(gross)));
        }
        List<DayTable.Statement> biggest = mine.stream().sorted(Comparator.comparingLong(DayTable.Statement::gross)
                .reversed().thenComparing(DayTable.Statement::merchantId)).limit(BIGGEST).toList();
        return new CityMerchants(date, city, mine, byCategory.values().stream().filter(t -> t.merchants() > 0)
                .toList(), total, biggest, kept);
    }

    /** A city's merchants of a day as CSV, in fen: one line a merchant, then the checked total. */
    public static String merchantsCsv(CityMerchants m) {
        StringBuilder csv = new StringBuilder("business_date,acquirer,merchant_id,name,category,payments,gross_fen,"
                + "discount_fen,net_fen,transfer\n");
        for (DayTable.Statement s : m.merchants()) {
            csv.append(String.join(",", s.businessDate().toString(), s.city(), s.merchantId(), csvText(s.name()),
                    s.category() == null ? "" : s.category(), Long.toString(s.payments()), Long.toString(s.gross()),
                    Long.toString(s.discount()), Long.toString(s.net()), s.reference())).append('\n');
        }
        CategoryTotal t = m.total();
        return csv.append(String.join(",", m.date().toString(), m.city().code(), "TOTAL", "", "",
                Long.toString(t.payments()), Long.toString(t.gross()), Long.toString(t.discount()),
                Long.toString(t.net()), "")).append('\n').toString();
    }

    /** The positions as CSV, in fen, with a checked total line. */
    public static String positionsCsv(Region r) {
        StringBuilder csv = new StringBuilder("business_date,city,name,receivable_fen,payable_fen,fee_income_fen,"
                + "fee_expense_fen,net_fen,net_yuan\n");
        for (NetPosition p : r.positions()) {
            csv.append(String.join(",", r.date().toString(), p.city(), Cities.byCode(p.city()).nameEn(),
                    Long.toString(p.receivable()), Long.toString(p.payable()), Long.toString(p.feeIncome()),
                    Long.toString(p.feeExpense()), Long.toString(p.net()), Fen.asYuan(p.net()))).append('\n');
        }
        return csv.append(r.date()).append(",TOTAL,,,,,,").append(r.positionsSum()).append(',')
                .append(Fen.asYuan(r.positionsSum())).append('\n').toString();
    }

    /** The merchants' statements of a settled day, by acquirer and merchant. */
    public List<DayTable.Statement> statements(LocalDate date) {
        return days.statements(date);
    }

    /**
     * A merchant's statement of a day as CSV, in fen: its payments, their gross, the discount, the net its acquirer
     * pays it and the transfer that does. The net is checked against gross − discount before it is written.
     */
    public static String statementCsv(DayTable.Statement s) {
        if (s.net() != Math.subtractExact(s.gross(), s.discount())) {
            throw new IllegalStateException("statement of merchant " + s.merchantId() + ": net " + s.net()
                    + " is not gross " + s.gross() + " - discount " + s.discount());
        }
        return "business_date,acquirer,merchant_id,name,payments,gross_fen,discount_fen,net_fen,transfer\n"
                + String.join(",", s.businessDate().toString(), s.city(), s.merchantId(), csvText(s.name()),
                        Long.toString(s.payments()), Long.toString(s.gross()), Long.toString(s.discount()),
                        Long.toString(s.net()), s.reference()) + "\n";
    }

    /** A name as one CSV field: quoted when it holds a comma or a quote. */
    private static String csvText(String text) {
        return text.matches(".*[,\"].*") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /** A city's cleared totals as CSV, in fen. */
    public static String totalsCsv(CityDay d) {
        StringBuilder csv = new StringBuilder("business_date,business_line,payer,payee,records,gross_fen,fees_fen,net_fen\n");
        for (PairTotal t : d.totals()) {
            csv.append(String.join(",", d.date().toString(), t.businessLine(), t.payer(), t.payee(),
                    Long.toString(t.count()), Long.toString(t.gross()), Long.toString(t.fees()), Long.toString(t.net())))
                    .append('\n');
        }
        return csv.toString();
    }

    private static List<MatrixRow> matrix(List<PairTotal> totals, String line) {
        Map<String, Long> cell = new TreeMap<>();
        for (PairTotal t : totals) {
            if (t.businessLine().equals(line) && !t.local()) {
                cell.merge(t.payer() + t.payee(), t.net(), Math::addExact);
            }
        }
        List<MatrixRow> rows = new ArrayList<>();
        for (City payer : Cities.all()) {
            List<String> cells = new ArrayList<>();
            long total = 0;
            for (City payee : Cities.all()) {
                Long v = cell.get(payer.code() + payee.code());
                cells.add(v == null ? "" : Fen.asYuan(v));
                total = Math.addExact(total, v == null ? 0 : v);
            }
            rows.add(new MatrixRow(payer, cells, Fen.asYuan(total)));
        }
        return rows;
    }
}
