package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.money.Fen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ledger against what the bank did: each city's settlement account may move through the centre's bank account
 * by exactly the transfer the bank executed as instructed (same reference, accounts and amount, once), and by
 * nothing else; a transfer left undone or executed otherwise moves nothing (it is a reconciliation break). The
 * expectation is worked out here from the instruction file the bank was sent and the confirmation it wrote, not
 * from reconciliation's verdicts, so a transfer posted twice, a fen posted that the bank never moved, or a short
 * transfer posted as if whole shows here named by its city.
 */
final class BankLedger {
    private BankLedger() {
    }

    /** Fen each city's settlement account moved through the bank, as the bank's files say it should: + pays out. */
    static Map<String, Long> fromBank(Path instructions, Path confirmation) throws Exception {
        Map<String, Long> moved = new TreeMap<>();
        Cities.all().forEach(c -> moved.put(c.code(), 0L));
        Set<String> executed = new HashSet<>();
        for (String line : Files.readAllLines(confirmation, StandardCharsets.UTF_8)) {
            String[] c = line.split("\\|");
            if (c[0].equals("C")) {
                executed.add(String.join("|", c[1], c[2], c[3], c[4]));
            }
        }
        for (String line : Files.readAllLines(instructions, StandardCharsets.UTF_8)) {
            String[] i = line.split("\\|");
            // A refund to a holder's bank card (RFD-…) is the issuer's own transfer: it moves no settlement account.
            if (i[0].equals("I") && i[1].startsWith("STL-") && executed.remove(String.join("|", i[1], i[2], i[3],
                    i[4]))) {
                boolean payIn = i[3].equals("CENTRE");
                long amount = Long.parseLong(i[4]);
                moved.merge(payIn ? i[2] : i[3], payIn ? -amount : amount, Math::addExact);
            }
        }
        return moved;
    }

    /** Fen each city's settlement account moved in the ledger's bank entries of the day (debit - credit). */
    static Map<String, Long> fromLedger(DatabaseConnection db, LocalDate date) throws Exception {
        Map<String, Long> moved = new TreeMap<>();
        Cities.all().forEach(c -> moved.put(c.code(), 0L));
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                PreparedStatement s = c.prepareStatement("SELECT l.account, SUM(l.debit) - SUM(l.credit) "
                        + "FROM journal_entry e JOIN journal_line l ON l.entry_id = e.id "
                        + "WHERE e.business_date = ? AND e.kind = 'BANK' AND l.account LIKE '%.SETTLEMENT' "
                        + "GROUP BY l.account")) {
            s.setObject(1, date);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    moved.put(r.getString(1).substring(0, r.getString(1).indexOf('.')), r.getLong(2));
                }
            }
        }
        return moved;
    }

    /** What each city owes the holders of its cards, as its ledger account {@code CITY.CARD_FLOAT} says (a credit). */
    static Map<String, Long> cardFloat(DatabaseConnection db) throws Exception {
        Map<String, Long> owed = new TreeMap<>();
        Cities.all().forEach(c -> owed.put(c.code(), 0L));
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                PreparedStatement s = c.prepareStatement("SELECT account, SUM(credit) - SUM(debit) FROM journal_line "
                        + "WHERE account LIKE '%.CARD_FLOAT' GROUP BY account");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                owed.put(r.getString(1).substring(0, r.getString(1).indexOf('.')), r.getLong(2));
            }
        }
        return owed;
    }

    /** One line per city whose float account does not say what its cards hold ({@code held}, fen by city). */
    static List<String> floatDifferences(Map<String, Long> held, Map<String, Long> owed) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : owed.entrySet()) {
            long cards = held.getOrDefault(e.getKey(), 0L);
            if (cards != e.getValue()) {
                out.add(e.getKey() + ": the ledger's " + e.getKey() + ".CARD_FLOAT says " + Fen.asYuan(e.getValue())
                        + ", its cards' last accepted records leave " + Fen.asYuan(cards));
            }
        }
        return out;
    }

    /** One line per city whose ledger did not move as the bank did. */
    static List<String> differences(Map<String, Long> fromBank, Map<String, Long> fromLedger) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : fromBank.entrySet()) {
            long ledger = fromLedger.getOrDefault(e.getKey(), 0L);
            if (ledger != e.getValue()) {
                out.add(e.getKey() + " " + Cities.byCode(e.getKey()).nameEn() + ": the ledger moved "
                        + Fen.asYuan(ledger) + " through the bank, the bank executed " + Fen.asYuan(e.getValue())
                        + " as instructed");
            }
        }
        return out;
    }
}
