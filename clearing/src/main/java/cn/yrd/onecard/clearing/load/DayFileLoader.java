package cn.yrd.onecard.clearing.load;

import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.clearing.intake.ReceivedFile;
import cn.yrd.onecard.clearing.validation.ClearingRules;
import cn.yrd.onecard.clearing.validation.DayPurseRecords;
import cn.yrd.onecard.clearing.validation.MerchantChecks;
import cn.yrd.onecard.clearing.validation.MerchantFees;
import cn.yrd.onecard.clearing.validation.PurseRecord;
import cn.yrd.onecard.clearing.validation.PurseRecordChunks;
import cn.yrd.onecard.clearing.validation.Reason;
import cn.yrd.onecard.clearing.validation.TransitValidation;
import cn.yrd.onecard.clearing.validation.Verdict;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.DayFileSummary;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.crypto.HomeAuthorisation;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.database.LocalInfile;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import cn.yrd.onecard.record.TransitRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads one registered day file: every record checked on its own (window, amount, expiry, terminal, hotlist,
 * balance, TAC),
 * written accepted or suspended with its reason, the file marked loaded, all in one transaction. A crash
 * before the commit leaves nothing of the file; a file already loaded is left alone. The rows are streamed
 * to the server with {@code LOAD DATA LOCAL INFILE} (transactional in InnoDB), not inserted one by one. So
 * loading is exactly once, however often the job runs, and files load in parallel: the checks across records
 * (duplicates, counter gaps, balance chains) come after, in {@code CardHistoryChecks}.
 */
@Component
public class DayFileLoader {
    /** The columns the rows file carries, in order. */
    private static final String COLUMNS = "file_id, line_no, business_date, business_line, card, issuer_city, "
            + "payer_city, payee_city, txn_type, counter_kind, counter, terminal_no, ttc, amount, file_amount, "
            + "balance_before, balance_after, fee, txn_time, status, reason, detail, message_id, merchant_id, "
            + "merchant_fee";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ClearingRules rules;
    private final MerchantFees fees;
    private final CentreKeys keys;
    private final HotlistSource hotlist;
    private final TerminalRegistrySource terminals;
    private final MerchantRegistersSource merchants;
    private final boolean chunks;

    /**
     * {@code chunks}: whether this JVM also keeps each file's purse records on the server by issuing city, for the
     * card-history partitions run elsewhere (a clearing worker does: application-partitions-worker.properties).
     */
    public DayFileLoader(JdbcTemplate jdbc, TransactionTemplate tx, ClearingRules rules, CentreKeys keys,
            HotlistSource hotlist, TerminalRegistrySource terminals, MerchantRegistersSource merchants,
            @Value("${onecard.clearing.purse-record-chunks:false}") boolean chunks) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.rules = rules;
        this.fees = new MerchantFees(rules);
        this.keys = keys;
        this.hotlist = hotlist;
        this.terminals = terminals;
        this.merchants = merchants;
        this.chunks = chunks;
    }

    /** What loading a file came to. */
    public record Loaded(long accepted, long suspended, boolean alreadyLoaded) {
    }

    /** Loads {@code file} once; its purse records, once committed, handed to {@code day} for the card-history step. */
    public Loaded load(ReceivedFile file, Path path, LocalDate businessDate, DayPurseRecords day) {
        return tx.execute(status -> {
            Timestamp loadedAt = jdbc.queryForObject("SELECT loaded_at FROM day_file WHERE id = ? FOR UPDATE",
                    Timestamp.class, file.id());
            if (loadedAt != null) {
                return new Loaded(0, 0, true);
            }
            Rows rows;
            try {
                rows = new Rows(file, businessDate);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            DayFileSummary summary;
            try {
                DayFileKind kind = DayFileKind.valueOf(file.kind());
                summary = switch (kind) {
                    case TRANSIT, MERCHANT -> {
                        TransitValidation validation = new TransitValidation(rules, keys.keys(KeyPurpose.TAC),
                                hotlist.hotlist(), terminals.registry());
                        MerchantChecks merchant = new MerchantChecks(merchants.registers(),
                                Cities.byCode(file.senderCity()));
                        yield DayFileReader.forEach(path, RecordFormats.purse(kind),
                                r -> rows.purse(r, kind, validation, merchant));
                    }
                    case MEDICAL -> {
                        HomeAuthorisation homes = HomeAuthorisation.medical(keys.keys(
                                KeyPurpose.MEDICAL_AUTHORISATION));
                        yield DayFileReader.forEach(path, RecordFormats.MEDICAL, c -> rows.medical(c, homes));
                    }
                    case PENSION -> {
                        HomeAuthorisation homes = HomeAuthorisation.pension(keys.keys(
                                KeyPurpose.PENSION_AUTHORISATION));
                        yield DayFileReader.forEach(path, RecordFormats.PENSION, p -> rows.pension(p, homes));
                    }
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
            rows.loadAndDelete();
            // The keys where the repeats step looks them up (V12: an index on clearing_record would hold an entry
            // for every ride too). From the rows in hand, not read back: an INSERT … SELECT of the file's records
            // would lock them, and the gap after them, against the other partitions' loads.
            if (!rows.keys.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO clearing_message (message_id, business_line, file_id, line_no) "
                        + "VALUES (?, ?, ?, ?)", rows.keys);
            }
            if (chunks) {
                PurseRecordChunks.write(jdbc, file.id(), rows.purse);
            }
            jdbc.update("UPDATE day_file SET loaded_at = NOW(3) WHERE id = ?", file.id());
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    day.loaded(file.id(), rows.purse);
                }
            });
            return new Loaded(rows.accepted, rows.suspended, false);
        });
    }

    /** Rows of one file, written to a tab-separated file the server then loads in one statement. */
    private final class Rows {
        final ReceivedFile file;
        final LocalDate businessDate;
        final Path tsv;
        final Writer out;
        int line = 1;
        /** The file's purse records by issuing city, as the card-history step takes them. */
        final Map<String, List<PurseRecord>> purse = new HashMap<>();
        /** The terminal numbers of the file's purse records, one string each. */
        private final Map<String, String> terminals = new HashMap<>();
        long accepted;
        long suspended;
        /** The rows with a message's key (claims, payouts, bills): key, business line, file, line. */
        final List<Object[]> keys = new ArrayList<>();
        /** The row being written. */
        private final StringBuilder row = new StringBuilder(256);

        Rows(ReceivedFile file, LocalDate businessDate) throws IOException {
            this.file = file;
            this.businessDate = businessDate;
            this.tsv = Files.createTempFile("clearing-file-" + file.id() + "-", ".tsv");
            this.out = Files.newBufferedWriter(tsv, StandardCharsets.UTF_8);
        }

        /**
         * A ride, load or merchant payment. A merchant payment that passes costs its merchant the discount
         * ({@code merchant_fee}); the issuer's share of it is the record's {@code fee}, kept back from what the
         * issuer owes, as a cross-city ride's interchange fee is.
         */
        void purse(TransitRecord r, DayFileKind kind, TransitValidation validation, MerchantChecks merchants) {
            line++;
            Verdict v = validation.check(r, businessDate);
            MerchantChecks.Outcome m = merchants.check(r, kind);
            if (v.accepted() && m != null) {
                v = m.verdict();
            }
            boolean load = r.type() == TransactionType.LOAD;
            // A ride or payment is owed by the card's city to the acquirer; a load by the kiosk's city to the issuer.
            String payer = load ? r.acquirer().code() : r.issuer().code();
            String payee = load ? r.issuer().code() : r.acquirer().code();
            long discount = 0;
            long fee = 0;
            if (v.accepted() && m != null) {
                discount = MerchantFees.discount(m.merchant(), r.amount());
                fee = fees.issuerShare(discount, r.isCrossCity());
            } else if (v.accepted() && !load && r.isCrossCity()) {
                fee = rules.fee(r.amount());
            }
            PurseRecord inHistory = PurseRecord.loaded(r, file.id(), line, businessDate,
                    v.accepted() ? null : v.reason().code(), terminals);
            if (inHistory != null) {
                purse.computeIfAbsent(r.issuer().code(), c -> new ArrayList<>()).add(inHistory);
            }
            add(kind.name(), r.cardSerial().digits(), r.issuer().code(), payer, payee,
                    r.type().hex(), load ? "N" : "O", r.atc(), r.terminalNo(), r.ttc(),
                    r.amount(), r.amount(), r.balanceBefore(), r.balanceAfter(), fee, r.time(), v, billKey(r),
                    r.industry() == Industry.MERCHANT ? r.operatorId().substring(1) : null, discount);
        }

        /** A bill payment's idempotency key: its biller (the merchant) and the bill; null for any other purse record. */
        private static String billKey(TransitRecord r) {
            return RecordFormats.billNo(r).map(bill -> r.operatorId().substring(1) + "/" + bill).orElse(null);
        }

        /**
         * A claim: its fund-paid part owed by the home city to the service city; a reversal: owed back. Paid only on
         * the home city's word ({@code homes}: its medical host's authorisation).
         */
        void medical(MedicalClaim c, HomeAuthorisation homes) {
            line++;
            Verdict v = window(c.time().toLocalDate(), c.total() <= rules.maxMedical() ? null
                    : c.total() + " fen, allowed up to " + rules.maxMedical());
            if (v.accepted() && !homes.verifies(c)) {
                v = notAuthorised(c.authorisation(), c.homeCity(), "medical");
            }
            boolean reversal = c.kind() == MedicalClaim.Kind.REVERSAL;
            String home = c.homeCity().code();
            String service = c.serviceCity().code();
            add("MEDICAL", c.cardNumber(), null, reversal ? service : home, reversal ? home : service,
                    medicalType(c), "-", 0, null, null, c.fundPaid(), c.total(), null, null, 0, c.time(), v,
                    c.hospitalId() + "/" + c.claimId(), null, 0);
        }

        /**
         * A medical record's type: C for a claim, R for a reversal, then its care's short code ({@code C3I}): the
         * detail files carry it to the home cities' bureaus, who count their claims by the hospital's level.
         */
        private static String medicalType(MedicalClaim c) {
            return (c.kind() == MedicalClaim.Kind.REVERSAL ? "R" : "C") + c.care().shortCode();
        }

        /** A payout owed by the home city to the service city, or a proof of life; on the home city's word only. */
        void pension(PensionPayout p, HomeAuthorisation homes) {
            line++;
            Verdict v = window(p.time().toLocalDate(), p.amount() <= rules.maxPension() ? null
                    : p.amount() + " fen, allowed up to " + rules.maxPension());
            if (v.accepted() && !homes.verifies(p)) {
                v = notAuthorised(p.authorisation(), p.homeCity(), "pension");
            }
            add("PENSION", p.cardNumber(), null, p.homeCity().code(), p.serviceCity().code(),
                    p.kind() == PensionPayout.Kind.PAYOUT ? "PP" : "PL", "-", 0, null, null, p.amount(), p.amount(),
                    null, null, 0, p.time(), v, p.agentId() + "/" + p.payoutId(), null, 0);
        }

        private static Verdict notAuthorised(String mac, City home, String kind) {
            return Verdict.suspend(Reason.NOT_AUTHORISED, mac.isEmpty() ? "no authorisation of " + home + "'s " + kind
                    + " host" : "authorisation " + mac + " does not verify with " + home + "'s " + kind + " key");
        }

        private Verdict window(LocalDate day, String amountProblem) {
            if (day.isAfter(businessDate) || day.isBefore(businessDate.minusDays(rules.windowDays()))) {
                return Verdict.suspend(Reason.OUTSIDE_WINDOW, "dated " + day + ", business date " + businessDate);
            }
            return amountProblem == null ? Verdict.ACCEPTED : Verdict.suspend(Reason.AMOUNT, amountProblem);
        }

        /**
         * {@code issuer}, {@code terminalNo} and {@code ttc} are the purse's: null for a record without one;
         * {@code messageId} is a claim's or payout's idempotency key (sender, then its ID), or a bill payment's (biller,
         * then bill), null for any other purse record;
         * {@code merchantId} and {@code merchantFee} a merchant payment's, null and 0 for any other record.
         */
        private void add(String businessLine, String card, String issuer, String payer, String payee, String type,
                String counterKind, int counter, String terminalNo, Long ttc, long amount, long fileAmount,
                Long balanceBefore, Long balanceAfter, long fee, LocalDateTime time, Verdict v, String messageId,
                String merchantId, long merchantFee) {
            // Every value is ours (codes, digits, generated details) or a token of A-Z a-z 0-9 _ - (message IDs):
            // none holds a tab, line feed or backslash. Appended to one builder: joining strings made of each value
            // was a fifth of a load partition's CPU.
            StringBuilder row = this.row;
            row.setLength(0);
            row.append(file.id()).append('\t').append(line).append('\t').append(businessDate).append('\t')
                    .append(businessLine).append('\t').append(card).append('\t');
            nullable(row, issuer).append(payer).append('\t').append(payee).append('\t').append(type).append('\t')
                    .append(counterKind).append('\t').append(counter).append('\t');
            nullable(row, terminalNo);
            nullable(row, ttc).append(amount).append('\t').append(fileAmount).append('\t');
            nullable(row, balanceBefore);
            nullable(row, balanceAfter).append(fee).append('\t').append(time.toLocalDate()).append(' ')
                    .append(time.toLocalTime()).append('\t').append(v.accepted() ? "A" : "S").append('\t')
                    .append(v.accepted() ? "\\N" : v.reason().code()).append('\t');
            nullable(row, v.detail());
            nullable(row, messageId);
            if (messageId != null) {
                keys.add(new Object[] {messageId, businessLine, file.id(), line});
            }
            nullable(row, merchantId).append(merchantFee).append('\n');
            try {
                out.append(row);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (v.accepted()) {
                accepted++;
            } else {
                suspended++;
            }
        }

        /** {@code v} or LOAD DATA's NULL, and the tab after it. */
        private static StringBuilder nullable(StringBuilder row, Object v) {
            return (v == null ? row.append("\\N") : row.append(v)).append('\t');
        }

        /** Streams the rows to the server inside the file's transaction, then drops the temporary file. */
        void loadAndDelete() {
            try {
                out.close();
            } catch (IOException e) {
                LocalInfile.discard(tsv);
                throw new UncheckedIOException(e);
            }
            LocalInfile.loadAndDelete(jdbc, tsv, "INTO TABLE clearing_record", COLUMNS);
        }
    }
}
