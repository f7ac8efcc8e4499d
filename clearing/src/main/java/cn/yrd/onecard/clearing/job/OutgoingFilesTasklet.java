package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.archive.StandbyArchive;
import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.clearing.load.CentreSignatures;
import cn.yrd.onecard.clearing.load.MerchantRegistersSource;
import cn.yrd.onecard.dayfile.ClearingFiles;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.registry.MerchantRegister;
import cn.yrd.onecard.registry.MerchantRegister.Category;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;
import cn.yrd.onecard.registry.MerchantRegisters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The night's totals and each city's outgoing files. The control totals first (for every file: received = accepted +
 * suspended, in count and amount; a mismatch fails the night before any total is written or any file is renamed),
 * then the day's totals per business line and (payer, payee), added up as the records stream for the files
 * ({@link NightTotals}); rerunning replaces them with the same figures. The files, under {@code <outbox>/<date>/}
 * (formats in docs/clearing.md):
 * {@code <city>-result.txt}, the totals it pays and is paid, {@code <city>-detail.txt}, every accepted and
 * suspended record it pays or is paid for, and {@code <city>-merchants.txt}, what it owes each merchant it acquires;
 * and for each biller (a utility in a merchant register) {@code remittance/<merchant id>.txt}, the bills paid to it.
 * Ordered, written under a temporary name and renamed: a rerun writes the same bytes. The records come from the
 * server file by file in key order ({@link NightDetailReader}: nothing is sorted, a few segments are held): each line
 * goes to its payer's and its payee's file as it comes. With the centre's key, each file is then signed
 * ({@link CentreSignatures}).
 */
@Component
class OutgoingFilesTasklet implements Tasklet {
    /**
     * The night's accepted merchant payments, read through its MERCHANT files: the day files first, then each one's
     * records by key. Left to choose, the server read every record of every night for these: it took clearing_record
     * whole and joined each row to its file (0.21 s of a million-record night without one merchant file, and more with
     * every night kept), or, for the bills, every record of every night that has a message ID (NightQueryPlansTest).
     */
    private static final String ACCEPTED_MERCHANT_RECORDS = """
            FROM day_file f STRAIGHT_JOIN clearing_record r FORCE INDEX (PRIMARY) ON r.file_id = f.id
            -- a record's business line is its file's kind: only the MERCHANT files' records are read
            WHERE f.night = ? AND f.kind = 'MERCHANT' AND r.business_line = 'MERCHANT' AND r.status = 'A'
            """;

    /** The night's accepted merchant payments by acquirer and merchant. */
    static final String PAYOUTS = "SELECT r.payee_city, r.merchant_id, COUNT(*), SUM(r.amount), SUM(r.merchant_fee)\n"
            + ACCEPTED_MERCHANT_RECORDS + "GROUP BY r.payee_city, r.merchant_id ORDER BY r.payee_city, r.merchant_id";

    /** The night's accepted bill payments, in bill order. */
    static final String REMITTANCES = """
            SELECT r.merchant_id, SUBSTRING_INDEX(r.message_id, '/', -1), r.amount,
                   DATE_FORMAT(r.txn_time, '%Y%m%d%H%i%s'), r.card, r.terminal_no, r.ttc
            """ + ACCEPTED_MERCHANT_RECORDS + """
              AND r.message_id IS NOT NULL
            ORDER BY r.merchant_id, r.message_id""";

    private final JdbcTemplate jdbc;
    private final CentreSignatures centre;
    private final MerchantRegistersSource registers;
    private final StandbyArchive standby;
    private final NightDetailReader detail;

    OutgoingFilesTasklet(JdbcTemplate jdbc, CentreSignatures centre, MerchantRegistersSource registers,
            StandbyArchive standby) {
        this.jdbc = jdbc;
        this.centre = centre;
        this.registers = registers;
        this.standby = standby;
        this.detail = new NightDetailReader(jdbc);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) throws Exception {
        LocalDate date = JobParams.businessDate(chunk);
        Path dir = Files.createDirectories(JobParams.path(chunk, "outbox").resolve(date.toString()));
        Map<String, ControlledFrame.Writer> results = open(dir, "-result.txt", "H|" + ClearingFiles.RESULT + "|1|",
                date);
        Map<String, ControlledFrame.Writer> details = open(dir, "-detail.txt", "H|" + ClearingFiles.DETAIL + "|1|",
                date);
        Map<String, ControlledFrame.Writer> merchants = open(dir, "-merchants.txt", "H|" + ClearingFiles.MERCHANTS
                + "|1|", date);
        try {
            // Same name, then the order they were taken in: a name sent twice with different content stays apart.
            NightTotals totals = detail.forEach(date, (payer, payee, line) -> route(details, payer, payee, line));
            // The control totals before any total is written or any file takes its name.
            totals.check(jdbc, date);
            List<NightTotals.PairTotal> pairs = totals.pairs();
            NightTotals.save(jdbc, date, pairs);
            for (NightTotals.PairTotal pair : pairs) {
                route(results, pair.payer(), pair.payee(), ControlledFrame.Body.of(pair.resultLine()));
            }
            payouts(date, merchants);
            for (var files : List.of(results, details, merchants)) {
                for (ControlledFrame.Writer o : files.values()) {
                    o.close();
                }
            }
            for (City city : Cities.all()) {
                centre.sign(dir.resolve(city.code() + "-result.txt"));
                centre.sign(dir.resolve(city.code() + "-detail.txt"));
                centre.sign(dir.resolve(city.code() + "-merchants.txt"));
            }
            for (Path remittance : remittances(date, dir.resolve("remittance"))) {
                centre.sign(remittance);
            }
            // On the standby site too, checked, before the night is reported done.
            standby.copyAll("outbox", dir.getParent(), dir);
        } finally {
            for (var files : List.of(results, details, merchants)) {
                for (ControlledFrame.Writer o : files.values()) {
                    o.abandon();
                }
            }
        }
        return RepeatStatus.FINISHED;
    }

    /**
     * Each acquirer's merchants with accepted payments: {@code M|merchant|name|category|account|count|gross|discount|net}, in
     * merchant order. Grouped by merchant here and by pair in the result file, so that settlement can check the one
     * against the other.
     */
    private void payouts(LocalDate date, Map<String, ControlledFrame.Writer> files) {
        MerchantRegisters registers = this.registers.registers();
        jdbc.query(PAYOUTS, (RowCallbackHandler) rs -> {
            String city = rs.getString(1);
            String id = rs.getString(2);
            Merchant m = registers.of(Cities.byCode(city)).flatMap(r -> r.find(id)).orElseThrow(() ->
                    new IllegalStateException("merchant " + id + " was accepted but is not in " + city
                            + "'s register"));
            long gross = rs.getLong(4);
            long discount = rs.getLong(5);
            route(files, city, city, ControlledFrame.Body.of(String.join("|", "M", id, m.name(), m.category().name(),
                    m.account(), rs.getString(3), Long.toString(gross), Long.toString(discount),
                    Long.toString(Math.subtractExact(gross, discount)))));
        }, date);
    }

    /**
     * Each biller's remittance: {@code P|bill_no|amount|paid_at|card|terminal_no|ttc} for every accepted bill payment to
     * it, in bill order, the card masked, the trailer with their count and amount total; a file for every utility of
     * the registers, an empty one saying nothing was paid. A second payment of a bill (M05) is in none: it is held.
     */
    private List<Path> remittances(LocalDate date, Path dir) throws IOException {
        Map<String, ControlledFrame.Writer> files = new HashMap<>();
        MerchantRegisters registers = this.registers.registers();
        try {
            for (City city : Cities.all()) {
                for (Merchant m : registers.of(city).map(MerchantRegister::merchants).orElse(List.of())) {
                    if (m.category() == Category.UTILITY) {
                        files.put(m.id(), new ControlledFrame.Writer(dir.resolve(m.id() + ".txt"),
                                ControlledFrame.Trailer.COUNT_AMOUNT_SHA256, "H|" + ClearingFiles.REMITTANCE + "|1|"
                                        + m.id() + "|" + date.toString().replace("-", "")));
                    }
                }
            }
            // Without a biller in the registers no bill was accepted (M06): the night's payments are not read again.
            if (!files.isEmpty()) {
                jdbc.query(REMITTANCES, (RowCallbackHandler) rs -> {
                    long amount = rs.getLong(3);
                    try {
                        // An accepted bill payment's merchant is a utility of a register (M06 otherwise).
                        files.get(rs.getString(1)).line(String.join("|", "P", rs.getString(2),
                                Long.toString(amount), rs.getString(4), CardSerial.of(rs.getString(5)).masked(),
                                rs.getString(6), rs.getString(7)), amount);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, date);
            }
            for (ControlledFrame.Writer w : files.values()) {
                w.close();
            }
        } finally {
            for (ControlledFrame.Writer w : files.values()) {
                w.abandon();
            }
        }
        return files.keySet().stream().sorted().map(id -> dir.resolve(id + ".txt")).toList();
    }

    private static Map<String, ControlledFrame.Writer> open(Path dir, String suffix, String header, LocalDate date)
            throws IOException {
        Map<String, ControlledFrame.Writer> files = new HashMap<>();
        for (City city : Cities.all()) {
            files.put(city.code(), new ControlledFrame.Writer(dir.resolve(city.code() + suffix),
                    ControlledFrame.Trailer.COUNT_SHA256,
                    header + city.code() + "|" + date.toString().replace("-", "")));
        }
        return files;
    }

    private static void route(Map<String, ControlledFrame.Writer> files, String payer, String payee,
            ControlledFrame.Body line) {
        try {
            files.get(payer).line(line, 0);
            if (!payee.equals(payer)) {
                files.get(payee).line(line, 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
