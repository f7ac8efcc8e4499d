package cn.yrd.onecard.registry;

import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.record.TransitRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A biller's file of open bills (docs/formats.md, "Open bills"): what a water, power or gas company has billed and not
 * yet been paid, as of a date, each bill by its number, its customer's account with the biller, its amount and its
 * due date. A utilities kiosk looks a bill up in it and takes the amount from the purse; the biller learns what was
 * paid against which bill from clearing's remittance file. The file is checked whole (ascending numbers, count,
 * amount total, SHA-256) before it is returned.
 */
public final class OpenBills {
    private static final String HEADER = "H|BILLS|1|";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /**
     * One open bill. The customer's account is personal: only its last four digits are shown ({@link #maskedAccount}).
     *
     * @param amount in fen, more than 0
     */
    public record Bill(String number, String account, long amount, LocalDate due) {
        public Bill {
            if (number == null || !number.matches(RecordFormats.BILL_NO)) {
                throw new IllegalArgumentException("a bill number is 6 to 20 digits, got '" + number + "'");
            }
            if (account == null || !account.matches("[0-9]{6,20}")) {
                throw new IllegalArgumentException("a customer account is 6 to 20 digits");
            }
            if (amount <= 0 || amount > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("a bill's amount is more than 0.00 yuan, got " + Fen.asYuan(amount));
            }
        }

        /** Whether {@code r} is a payment of this bill (its record names the bill). */
        public boolean paidBy(TransitRecord r) {
            return RecordFormats.billNo(r).filter(number::equals).isPresent();
        }

        /** The account as a kiosk shows it: {@code ****5678}. */
        public String maskedAccount() {
            return "****" + account.substring(account.length() - 4);
        }

        String line() {
            return String.join("|", "B", number, account, Long.toString(amount), due.format(DAY));
        }

        @Override
        public String toString() {
            return "Bill[" + number + ", account " + maskedAccount() + ", " + Fen.asYuan(amount) + " yuan, due " + due
                    + "]";
        }
    }

    private final String biller;
    private final LocalDate asOf;
    private final Map<String, Bill> byNumber;

    private OpenBills(String biller, LocalDate asOf, Map<String, Bill> byNumber) {
        this.biller = biller;
        this.asOf = asOf;
        this.byNumber = byNumber;
    }

    /** The merchant id of the biller whose bills these are. */
    public String biller() {
        return biller;
    }

    /** The day the biller drew the list up. */
    public LocalDate asOf() {
        return asOf;
    }

    public Optional<Bill> find(String number) {
        return Optional.ofNullable(byNumber.get(number));
    }

    /** The bills in ascending number. */
    public List<Bill> bills() {
        return List.copyOf(byNumber.values());
    }

    /**
     * Writes the biller's file: header, the bills in ascending number, trailer with their count, amount total and
     * SHA-256; synced, then moved under its name. The one place the file is made.
     */
    public static void write(Path file, String biller, LocalDate asOf, List<Bill> bills) throws IOException {
        if (biller == null || !biller.matches("[0-9]{15}")) {
            throw new IllegalArgumentException("a biller is a merchant id of 15 digits, got '" + biller + "'");
        }
        ControlledFrame.Writer out = new ControlledFrame.Writer(file, ControlledFrame.Trailer.COUNT_AMOUNT_SHA256,
                HEADER + biller + "|" + asOf.format(DAY));
        try {
            String last = null;
            for (Bill b : bills.stream().sorted(Comparator.comparing(Bill::number)).toList()) {
                if (b.number().equals(last)) {
                    throw new IllegalArgumentException("bill " + b.number() + " is listed twice");
                }
                last = b.number();
                out.line(b.line(), b.amount());
            }
            out.close();
        } finally {
            out.abandon();
        }
    }

    /** Reads a biller's file, or throws one line naming the file, the line and what is wrong with it. */
    public static OpenBills read(Path file) throws IOException {
        Map<String, Bill> byNumber = new LinkedHashMap<>();
        String[] header = new String[2];
        try {
            ControlledFrame.read(file, ControlledFrame.Trailer.COUNT_AMOUNT_SHA256, new ControlledFrame.Format() {
                String last;

                @Override
                public void header(ControlledFrame.Line line) throws DayFileFormatException {
                    String[] f = line.text().startsWith(HEADER) ? line.text().substring(HEADER.length()).split("\\|")
                            : new String[0];
                    if (f.length != 2 || !f[0].matches("[0-9]{15}")) {
                        throw line.error(null, "header must be " + HEADER + "<biller's merchant id>|<yyyymmdd>");
                    }
                    header[0] = f[0];
                    header[1] = f[1];
                }

                @Override
                public long body(ControlledFrame.Line line) throws DayFileFormatException {
                    Bill b = bill(line);
                    if (last != null && b.number().compareTo(last) <= 0) {
                        throw line.error("bill_no", "'" + b.number() + "' is not after " + last
                                + ": bills in ascending number, each once");
                    }
                    last = b.number();
                    byNumber.put(b.number(), b);
                    return b.amount();
                }
            });
            return new OpenBills(header[0], LocalDate.parse(header[1], DAY), Collections.unmodifiableMap(byNumber));
        } catch (DayFileFormatException e) {
            throw new IOException(e.getMessage(), e);
        } catch (DateTimeParseException e) {
            throw new IOException(file + ": line 1: the header's date '" + header[1] + "' is not yyyymmdd", e);
        }
    }

    private static Bill bill(ControlledFrame.Line line) throws DayFileFormatException {
        String[] f = line.fields();
        if (f.length != 5 || !f[0].equals("B")) {
            throw line.error(null, "a bill line is B|bill_no|account|amount|due_date");
        }
        if (!f[3].matches("[0-9]{1,10}")) {
            throw line.error("amount", "'" + f[3] + "' is not a whole number of fen");
        }
        LocalDate due;
        try {
            due = LocalDate.parse(f[4], DAY);
        } catch (DateTimeParseException e) {
            throw line.error("due_date", "'" + f[4] + "' is not yyyymmdd");
        }
        try {
            return new Bill(f[1], f[2], Long.parseLong(f[3]), due);
        } catch (IllegalArgumentException e) {
            throw line.error(null, e.getMessage());
        }
    }
}
