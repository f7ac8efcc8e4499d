package cn.yrd.onecard.clearing.load;

import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.clearing.intake.ReceivedFile;
import cn.yrd.onecard.clearing.validation.ClearingRules;
import cn.yrd.onecard.clearing.validation.Reason;
import cn.yrd.onecard.clearing.validation.TransitValidation;
import cn.yrd.onecard.clearing.validation.Verdict;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.DayFileSummary;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import cn.yrd.onecard.record.TransitRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads one registered day file: every record checked on its own (window, amount, expiry, hotlist, balance,
 * TAC),
 * written accepted or suspended with its reason, the file marked loaded, all in one transaction. A crash
 * before the commit leaves nothing of the file; a file already loaded is left alone. So loading is exactly
 * once, however often the job runs, and files load in parallel: the checks across records (duplicates,
 * counter gaps, balance chains) come after, in {@code CardHistoryChecks}.
 */
@Component
public class DayFileLoader {
    private static final int BATCH = 1_000;
    private static final String INSERT = """
            INSERT INTO clearing_record (file_id, line_no, business_date, business_line, card, payer_city,
                payee_city, txn_type, counter_kind, counter, amount, file_amount, balance_before, balance_after,
                fee, txn_time, status, reason, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ClearingRules rules;
    private final TacKeys tacKeys;
    private final HotlistSource hotlist;

    public DayFileLoader(JdbcTemplate jdbc, TransactionTemplate tx, ClearingRules rules, TacKeys tacKeys,
            HotlistSource hotlist) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.rules = rules;
        this.tacKeys = tacKeys;
        this.hotlist = hotlist;
    }

    /** What loading a file came to. */
    public record Loaded(long accepted, long suspended, boolean alreadyLoaded) {
    }

    public Loaded load(ReceivedFile file, Path path, LocalDate businessDate) {
        return tx.execute(status -> {
            Timestamp loadedAt = jdbc.queryForObject("SELECT loaded_at FROM day_file WHERE id = ? FOR UPDATE",
                    Timestamp.class, file.id());
            if (loadedAt != null) {
                return new Loaded(0, 0, true);
            }
            Rows rows = new Rows(file, businessDate);
            DayFileSummary summary;
            try {
                summary = switch (DayFileKind.valueOf(file.kind())) {
                    case TRANSIT -> {
                        TransitValidation validation = new TransitValidation(rules, tacKeys.tacMasterKeys(),
                                hotlist.hotlist());
                        yield DayFileReader.forEach(path, RecordFormats.TRANSIT, r -> rows.transit(r, validation));
                    }
                    case MEDICAL -> DayFileReader.forEach(path, RecordFormats.MEDICAL, rows::medical);
                    case PENSION -> DayFileReader.forEach(path, RecordFormats.PENSION, rows::pension);
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (DayFileFormatException e) {
                throw new IllegalStateException("registered file " + file.fileName() + " no longer reads: "
                        + e.getMessage(), e);
            }
            if (!summary.trailer().sha256().equals(file.sha256())) {
                throw new IllegalStateException(file.fileName() + " changed on disk since it was taken in");
            }
            rows.flush();
            jdbc.update("UPDATE day_file SET loaded_at = NOW(3) WHERE id = ?", file.id());
            return new Loaded(rows.accepted, rows.suspended, false);
        });
    }

    /** Rows of one file, written in batches; duplicates are decided record by record as they come. */
    private final class Rows {
        final ReceivedFile file;
        final LocalDate businessDate;
        final List<Object[]> batch = new ArrayList<>(BATCH);
        int line = 1;
        long accepted;
        long suspended;

        Rows(ReceivedFile file, LocalDate businessDate) {
            this.file = file;
            this.businessDate = businessDate;
        }

        void transit(TransitRecord r, TransitValidation validation) {
            line++;
            Verdict v = validation.check(r, businessDate);
            boolean load = r.type() == TransactionType.LOAD;
            // A ride is owed by the card's city to the acquirer; a load is owed by the kiosk's city to the issuer.
            String payer = load ? r.acquirer().code() : r.issuer().code();
            String payee = load ? r.issuer().code() : r.acquirer().code();
            long fee = v.accepted() && !load && r.isCrossCity() ? rules.fee(r.amount()) : 0;
            add("TRANSIT", r.cardSerial().digits(), payer, payee, String.format("%02X", r.type().code()),
                    load ? "N" : "O", r.atc(), r.amount(), r.amount(), r.balanceBefore(), r.balanceAfter(), fee,
                    r.time(), v);
        }

        void medical(MedicalClaim c) {
            line++;
            Verdict v = window(c.time().toLocalDate(), c.total() <= rules.maxMedical() ? null
                    : c.total() + " fen, allowed up to " + rules.maxMedical());
            add("MEDICAL", c.cardNumber(), c.homeCity().code(), c.serviceCity().code(), "MC", "-", 0, c.fundPaid(),
                    c.total(), null, null, 0, c.time(), v);
        }

        void pension(PensionPayout p) {
            line++;
            Verdict v = window(p.time().toLocalDate(), p.amount() <= rules.maxPension() ? null
                    : p.amount() + " fen, allowed up to " + rules.maxPension());
            add("PENSION", p.cardNumber(), p.homeCity().code(), p.serviceCity().code(),
                    p.kind() == PensionPayout.Kind.PAYOUT ? "PP" : "PL", "-", 0, p.amount(), p.amount(), null, null, 0,
                    p.time(), v);
        }

        private Verdict window(LocalDate day, String amountProblem) {
            if (day.isAfter(businessDate) || day.isBefore(businessDate.minusDays(rules.windowDays()))) {
                return Verdict.suspend(Reason.OUTSIDE_WINDOW, "dated " + day + ", business date " + businessDate);
            }
            return amountProblem == null ? Verdict.ACCEPTED : Verdict.suspend(Reason.AMOUNT, amountProblem);
        }

        private void add(String businessLine, String card, String payer, String payee, String type,
                String counterKind, int counter, long amount, long fileAmount, Long balanceBefore, Long balanceAfter,
                long fee, java.time.LocalDateTime time, Verdict v) {
            batch.add(new Object[] {file.id(), line, businessDate, businessLine, card, payer, payee, type, counterKind,
                counter, amount, fileAmount, balanceBefore, balanceAfter, fee, Timestamp.valueOf(time),
                v.accepted() ? "A" : "S", v.accepted() ? null : v.reason().code(), v.detail()});
            if (v.accepted()) {
                accepted++;
            } else {
                suspended++;
            }
            if (batch.size() == BATCH) {
                flush();
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                jdbc.batchUpdate(INSERT, batch);
                batch.clear();
            }
        }
    }
}
