package cn.yrd.onecard.terminal.pension;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.privacy.Mask;
import cn.yrd.onecard.terminal.host.CardRegisterFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A home city's register of its pensioners (docs/formats.md, "Pensioner register"), by social security card number:
 * the monthly pension, the last month paid, the day their qualification is certified until (a proof of life renews
 * it), the city they live in when away from home, and whether they are drawing (ACTIVE), stopped (SUSPENDED) or
 * deceased. Taken whole (ascending card numbers, count, SHA-256) or refused.
 */
public final class PensionerRegister {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

    /** Whether the pension is paid. */
    public enum Status {
        ACTIVE, SUSPENDED, DECEASED
    }

    /**
     * One pensioner.
     *
     * @param monthly the pension a month, in fen
     * @param paidThrough the last month paid when the register was drawn up
     * @param certifiedUntil the last day the qualification holds without a new proof of life
     * @param livingIn the city of residence away from home, or null at home
     */
    public record Pensioner(String cardNumber, Status status, long monthly, YearMonth paidThrough,
            LocalDate certifiedUntil, City livingIn) {
        public Pensioner {
            if (cardNumber == null || !cardNumber.matches("[0-9A-Z]{9}")) {
                throw new IllegalArgumentException("a social security card number is 9 digits or capitals");
            }
            if (monthly <= 0 || monthly > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("a monthly pension is more than 0.00 yuan");
            }
        }

        String line() {
            return String.join("|", "P", cardNumber, status.name(), Long.toString(monthly), paidThrough.format(MONTH),
                    certifiedUntil.format(DAY), livingIn == null ? "" : livingIn.code());
        }

        @Override
        public String toString() {
            return "Pensioner[" + Mask.serial(cardNumber) + ", " + status + ", certified until " + certifiedUntil + "]";
        }
    }

    private final City city;
    private final Map<String, Pensioner> byCard;

    private PensionerRegister(City city, Map<String, Pensioner> byCard) {
        this.city = city;
        this.byCard = byCard;
    }

    public City city() {
        return city;
    }

    public Optional<Pensioner> find(String cardNumber) {
        return Optional.ofNullable(byCard.get(cardNumber));
    }

    /** Writes the register: header, the pensioners in ascending card number, trailer; the one place it is made. */
    public static void write(Path file, City city, List<Pensioner> pensioners) throws IOException {
        CardRegisterFile.write(file, city, pensioners, LAYOUT);
    }

    /** Reads a register, or throws one line naming the file, the line and what is wrong with it. */
    public static PensionerRegister read(Path file) throws IOException {
        CardRegisterFile.Read<Pensioner> r = CardRegisterFile.read(file, LAYOUT);
        return new PensionerRegister(r.city(), r.byCard());
    }

    private static final CardRegisterFile.Layout<Pensioner> LAYOUT = new CardRegisterFile.Layout<>() {
        @Override
        public String kind() {
            return "PENSIONERS";
        }

        @Override
        public String cardNumber(Pensioner person) {
            return person.cardNumber();
        }

        @Override
        public String line(Pensioner person) {
            return person.line();
        }

        @Override
        public Pensioner parse(ControlledFrame.Line line) throws DayFileFormatException {
            return pensioner(line);
        }
    };

    private static Pensioner pensioner(ControlledFrame.Line line) throws DayFileFormatException {
        String[] f = line.fields();
        if (f.length != 7 || !f[0].equals("P")) {
            throw line.error(null, "a pensioner line is P|card_number|status|monthly|paid_through|certified_until|"
                    + "living_in");
        }
        Status status;
        try {
            status = Status.valueOf(f[2]);
        } catch (IllegalArgumentException e) {
            throw line.error("status", "'" + f[2] + "' is not ACTIVE, SUSPENDED or DECEASED");
        }
        if (!f[3].matches("[0-9]{1,10}")) {
            throw line.error("monthly", "'" + f[3] + "' is not a whole number of fen");
        }
        YearMonth paidThrough;
        LocalDate until;
        try {
            paidThrough = YearMonth.parse(f[4], MONTH);
        } catch (DateTimeParseException e) {
            throw line.error("paid_through", "'" + f[4] + "' is not yyyymm");
        }
        try {
            until = LocalDate.parse(f[5], DAY);
        } catch (DateTimeParseException e) {
            throw line.error("certified_until", "'" + f[5] + "' is not yyyymmdd");
        }
        City livingIn = null;
        if (!f[6].isEmpty()) {
            livingIn = Cities.find(f[6]).orElseThrow(() -> line.error("living_in", "'" + f[6]
                    + "' is not a city code"));
        }
        try {
            return new Pensioner(f[1], status, Long.parseLong(f[3]), paidThrough, until, livingIn);
        } catch (IllegalArgumentException e) {
            throw line.error(null, e.getMessage());
        }
    }
}
