package cn.yrd.onecard.settlement.reconciliation;

import cn.yrd.onecard.archive.FileDigest;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.privacy.Mask;
import cn.yrd.onecard.registry.MerchantRegister;
import cn.yrd.onecard.settlement.ledger.Accounts;
import cn.yrd.onecard.settlement.ledger.JournalEntry;
import cn.yrd.onecard.settlement.ledger.Ledger;
import cn.yrd.onecard.settlement.ledger.Posting;
import cn.yrd.onecard.settlement.netting.BankAccounts;
import cn.yrd.onecard.settlement.netting.SettlementInstruction;
import cn.yrd.onecard.settlement.reconciliation.ReconciliationTable.Instruction;
import cn.yrd.onecard.settlement.reconciliation.ReconciliationTable.StatedTotal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Matches what the bank executed against the day's settlement instructions, and what a city says it did
 * against what clearing made of it (formats in docs/settlement.md). A matched transfer is posted to the ledger
 * once; every difference is kept as a break with the action it calls for. A file that is not well formed is
 * refused whole, each bad line named, and nothing is posted or recorded.
 */
@Service
public class Reconciliation {
    private static final String CENTRE = SettlementInstruction.CENTRE;

    private final ReconciliationTable table;
    private final Ledger ledger;

    Reconciliation(ReconciliationTable table, Ledger ledger) {
        this.table = table;
        this.ledger = ledger;
    }

    /** What a reconciliation found: how many matched, and the breaks. */
    public record Report(int matched, List<Break> breaks) {
    }

    @Transactional(rollbackFor = Exception.class)
    public Report bank(LocalDate date, Path file) throws IOException, RefusedFileException {
        ControlledFile f = ControlledFile.read(file, "H|BANK_CONFIRMATION|1|" + compact(date), "C", 7, 4);
        List<Instruction> instructions = table.instructions(date);
        if (instructions.isEmpty()) {
            throw new RefusedFileException("no settlement instructions for " + date + " (is the day settled?)", List.of());
        }
        Map<String, Instruction> byReference = new LinkedHashMap<>();
        instructions.forEach(i -> byReference.put(i.reference(), i));
        for (ControlledFile.Line line : f.lines) {
            String[] v = line.fields();
            if (!v[2].equals(CENTRE) && Cities.find(v[2]).isEmpty()) {
                f.problem(line.number(), "from account '" + v[2] + "' is neither CENTRE nor a city");
            }
            // A holder's bank card (a refund) or a merchant's settlement account (a payout): the instruction it
            // answers says which, and the match below compares the two.
            if (!v[3].equals(CENTRE) && Cities.find(v[3]).isEmpty() && !BankAccounts.wellFormed(v[3])
                    && !v[3].matches(MerchantRegister.ACCOUNT_PATTERN)) {
                f.problem(line.number(), "to account '" + shown(v[3]) + "' is neither CENTRE, a city nor a "
                        + "bank account");
            }
            if (!v[5].matches("\\d{14}")) {
                f.problem(line.number(), "execution time '" + v[5] + "' is not YYYYMMDDhhmmss");
            }
            if (!v[6].matches("[A-Za-z0-9-]{1,32}")) {
                f.problem(line.number(), "bank transaction '" + v[6] + "' is not 1-32 letters, digits or '-'");
            }
        }
        if (!f.problems().isEmpty()) {
            throw new RefusedFileException("bank confirmation " + f.name + " refused, nothing posted", f.problems());
        }
        String sha = FileDigest.sha256(file);
        List<Break> breaks = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int matched = 0;
        for (ControlledFile.Line line : f.lines) {
            String[] v = line.fields();
            String reference = v[1];
            long amount = Long.parseLong(v[4]);
            String bankTxn = v[6];
            Instruction i = byReference.get(reference);
            if (i == null) {
                breaks.add(new Break(Break.Kind.UNEXPECTED, reference + " (bank " + bankTxn + ")", null, amount,
                        "the bank moved " + amount + " fen from " + v[2] + " to " + shown(v[3])
                                + " without an instruction: ask the bank to reverse it"));
            } else if (!seen.add(reference) || (i.bankTxn() != null && !i.bankTxn().equals(bankTxn))) {
                breaks.add(new Break(Break.Kind.DUPLICATE, reference + " (bank " + bankTxn + ")", i.amount(), amount,
                        "executed more than once: ask the bank to reverse transaction " + bankTxn));
            } else if (!v[2].equals(i.instruction().from()) || !v[3].equals(i.instruction().to())) {
                breaks.add(new Break(Break.Kind.WRONG_ACCOUNTS, reference, i.amount(), amount, "instructed "
                        + i.instruction().from() + " -> " + i.instruction().maskedTo() + ", executed " + v[2] + " -> "
                        + shown(v[3])
                        + ": ask the bank to reverse it and execute the instruction as given"));
            } else if (amount != i.amount()) {
                breaks.add(new Break(Break.Kind.AMOUNT_DIFFERS, reference, i.amount(), amount, "instructed "
                        + i.amount() + " fen, executed " + amount + ": ask the bank to "
                        + (amount < i.amount() ? "transfer the missing " + (i.amount() - amount)
                                : "return the excess " + (amount - i.amount())) + " fen"));
            } else {
                matched++;
                if (table.confirm(reference, bankTxn) == 1) {
                    ledger.post(bankEntry(date, i, bankTxn));
                }
            }
        }
        for (Instruction i : instructions) {
            if (!seen.contains(i.reference()) && i.bankTxn() == null) {
                breaks.add(new Break(Break.Kind.MISSING, i.reference(), i.amount(), null, "not executed: "
                        + i.instruction().from() + " -> " + i.instruction().maskedTo() + " " + i.amount() + " fen; ask the bank, or send the instruction again"));
            }
        }
        for (Break b : breaks) {
            table.insertBreak(date, "BANK", sha, b);
        }
        return new Report(matched, breaks);
    }

    /** A city's own totals against clearing's, for every pair the city is in. Nothing is posted. */
    @Transactional(rollbackFor = Exception.class)
    public Report statement(LocalDate date, String city, Path file) throws IOException, RefusedFileException {
        if (Cities.find(city).isEmpty()) {
            throw new RefusedFileException("'" + city + "' is not one of the 16 cities", List.of());
        }
        ControlledFile f = ControlledFile.read(file, "H|CITY_STATEMENT|1|" + city + "|" + compact(date), "S", 6, 5);
        Map<String, StatedTotal> stated = new LinkedHashMap<>();
        for (ControlledFile.Line line : f.lines) {
            String[] v = line.fields();
            if (!DayFileKind.businessLines().contains(v[1])) {
                f.problem(line.number(), "business line '" + v[1] + "' is not one of " + DayFileKind.businessLines());
            } else if (!v[2].equals(city) && !v[3].equals(city)) {
                f.problem(line.number(), "the total " + v[2] + " -> " + v[3] + " is not " + city + "'s business");
            } else if (!v[4].matches("0|[1-9][0-9]{0,17}")) {
                f.problem(line.number(), "count '" + v[4] + "' is not a whole number");
            } else {
                StatedTotal t = new StatedTotal(v[1], v[2], v[3], Long.parseLong(v[4]), Long.parseLong(v[5]));
                if (stated.put(t.key(), t) != null) {
                    f.problem(line.number(), "the total " + t.key() + " is stated twice");
                }
            }
        }
        if (!f.problems().isEmpty()) {
            throw new RefusedFileException("statement " + f.name + " refused", f.problems());
        }
        List<Break> breaks = new ArrayList<>();
        int matched = 0;
        for (StatedTotal cleared : table.clearedTotals(date, city)) {
            StatedTotal own = stated.remove(cleared.key());
            if (own == null) {
                breaks.add(new Break(Break.Kind.NOT_STATED, cleared.key(), cleared.gross(), null, "clearing has "
                        + cleared.count() + " records, " + cleared.gross() + " fen the city does not state: the city "
                        + "checks its day files against the clearing detail"));
            } else if (own.count() != cleared.count() || own.gross() != cleared.gross()) {
                breaks.add(new Break(Break.Kind.DIFFERS, cleared.key(), cleared.gross(), own.gross(), "clearing "
                        + cleared.count() + " records, " + cleared.gross() + " fen; the city " + own.count() + ", "
                        + own.gross() + ": compare with the clearing detail (suspended records are not in clearing's "
                        + "figure)"));
            } else {
                matched++;
            }
        }
        for (StatedTotal own : stated.values()) {
            breaks.add(new Break(Break.Kind.NOT_CLEARED, own.key(), null, own.gross(), "the city states "
                    + own.count() + " records, " + own.gross() + " fen clearing never accepted: check the day files "
                    + "were sent and look for them in suspense"));
        }
        String sha = FileDigest.sha256(file);
        for (Break b : breaks) {
            table.insertBreak(date, "STATEMENT:" + city, sha, b);
        }
        return new Report(matched, breaks);
    }

    /**
     * A merchant's own count and takings of a settled day against what its acquirer was told to pay it
     * ({@code H|MERCHANT_STATEMENT|1|<merchant>|<YYYYMMDD>}, one {@code S|<count>|<gross>} line, docs/settlement.md).
     * Nothing is posted: a break tells the merchant and its acquirer what to look at.
     */
    @Transactional(rollbackFor = Exception.class)
    public Report merchantStatement(LocalDate date, String merchantId, Path file) throws IOException,
            RefusedFileException {
        if (merchantId == null || !merchantId.matches("[0-9]{15}")) {
            throw new RefusedFileException("'" + merchantId + "' is not a merchant id (15 digits)", List.of());
        }
        ControlledFile f = ControlledFile.read(file, "H|MERCHANT_STATEMENT|1|" + merchantId + "|" + compact(date), "S",
                3, 2);
        if (f.lines.size() != 1 && f.problems().isEmpty()) {
            f.problem(2, "a merchant states its day on one S line, this file has " + f.lines.size());
        } else if (f.problems().isEmpty() && !f.lines.get(0).fields()[1].matches("0|[1-9][0-9]{0,17}")) {
            f.problem(f.lines.get(0).number(), "count '" + f.lines.get(0).fields()[1] + "' is not a whole number");
        }
        if (!f.problems().isEmpty()) {
            throw new RefusedFileException("statement " + f.name + " refused", f.problems());
        }
        String[] v = f.lines.get(0).fields();
        long count = Long.parseLong(v[1]);
        long gross = Long.parseLong(v[2]);
        Optional<ReconciliationTable.StatedTotal> paid = table.merchantPaid(date, merchantId);
        String key = "MERCHANT " + merchantId;
        Break found;
        if (paid.isEmpty()) {
            found = new Break(Break.Kind.NOT_CLEARED, key, null, gross, "the merchant states " + count + " payments, "
                    + gross + " fen its acquirer was never told to pay: check the till's day file reached the acquirer "
                    + "and look for its payments in suspense");
        } else if (paid.get().count() != count || paid.get().gross() != gross) {
            found = new Break(Break.Kind.DIFFERS, key, paid.get().gross(), gross, "clearing " + paid.get().count()
                    + " payments, " + paid.get().gross() + " fen; the merchant " + count + ", " + gross + ": compare "
                    + "the till's receipts with its day file (suspended payments are not in clearing's figure)");
        } else {
            return new Report(1, List.of());
        }
        table.insertBreak(date, "MERCHANT:" + merchantId, FileDigest.sha256(file), found);
        return new Report(0, List.of(found));
    }

    /** Every break found for a day, bank and statements, in the order found. */
    public List<ReconciliationTable.FoundBreak> breaks(LocalDate date) {
        return table.ofDay(date);
    }

    /**
     * The transfer moves the city's settlement position through the centre's bank account; a refund leaves the issuer's
     * funds for the holder's account, and the issuer owes the holder nothing more; a merchant's payout leaves the
     * acquirer's funds set aside for it, and the acquirer owes the merchant nothing more.
     */
    private static JournalEntry bankEntry(LocalDate date, Instruction i, String bankTxn) {
        String settlement = Accounts.settlement(i.city());
        List<Posting> p = switch (i.direction()) {
            case PAY_IN -> List.of(Posting.debit(Accounts.CENTRE_BANK, i.amount()),
                    Posting.credit(settlement, i.amount()));
            case PAY_OUT -> List.of(Posting.debit(settlement, i.amount()),
                    Posting.credit(Accounts.CENTRE_BANK, i.amount()));
            case REFUND -> List.of(Posting.debit(Accounts.refundsDue(i.city()), i.amount()),
                    Posting.credit(Accounts.cardFunds(i.city()), i.amount()));
            case MERCHANT -> List.of(Posting.debit(Accounts.merchantsDue(i.city()), i.amount()),
                    Posting.credit(Accounts.merchantFunds(i.city()), i.amount()));
        };
        return new JournalEntry(date, JournalEntry.Kind.BANK, "BANK-" + i.reference(),
                i.reference() + " executed by the bank as " + bankTxn, p);
    }

    /** An account as the bank named it, masked where it may be a holder's (longer than a city's code or CENTRE). */
    private static String shown(String account) {
        return account.length() <= CENTRE.length() ? account : Mask.account(account);
    }

    private static String compact(LocalDate date) {
        return date.toString().replace("-", "");
    }
}
