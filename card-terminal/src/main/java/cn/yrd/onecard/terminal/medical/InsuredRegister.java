package cn.yrd.onecard.terminal.medical;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.privacy.Mask;
import cn.yrd.onecard.terminal.host.CardRegisterFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A home city's register of the people its medical insurance covers (docs/formats.md, "Insured register"), by social
 * security card number: whether they are covered (active), suspended (contributions unpaid) or deceased, the city
 * they are registered as living in when away from home (异地安置), and the balance their individual account held when
 * the register was drawn up. Taken whole (ascending card numbers, count, SHA-256) or refused.
 */
public final class InsuredRegister {

    /** Whether the fund pays for a person. */
    public enum Status {
        ACTIVE, SUSPENDED, DECEASED
    }

    /**
     * One insured person.
     *
     * @param livingIn the city registered as the person's residence away from home, or null at home
     * @param account the individual account's balance, in fen, when the register was drawn up
     */
    public record Insured(String cardNumber, Status status, City livingIn, long account) {
        public Insured {
            if (cardNumber == null || !cardNumber.matches("[0-9A-Z]{9}")) {
                throw new IllegalArgumentException("a social security card number is 9 digits or capitals");
            }
            if (account < 0 || account > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("an individual account holds 0 to 42949672.95 yuan");
            }
        }

        String line() {
            return String.join("|", "I", cardNumber, status.name(), livingIn == null ? "" : livingIn.code(),
                    Long.toString(account));
        }

        @Override
        public String toString() {
            return "Insured[" + Mask.serial(cardNumber) + ", " + status + (livingIn == null ? "" : ", living in "
                    + livingIn.code()) + "]";
        }
    }

    private final City city;
    private final Map<String, Insured> byCard;

    private InsuredRegister(City city, Map<String, Insured> byCard) {
        this.city = city;
        this.byCard = byCard;
    }

    /** The home city whose register this is. */
    public City city() {
        return city;
    }

    public Optional<Insured> find(String cardNumber) {
        return Optional.ofNullable(byCard.get(cardNumber));
    }

    /** Writes the register: header, the people in ascending card number, trailer; the one place it is made. */
    public static void write(Path file, City city, List<Insured> people) throws IOException {
        CardRegisterFile.write(file, city, people, LAYOUT);
    }

    /** Reads a register, or throws one line naming the file, the line and what is wrong with it. */
    public static InsuredRegister read(Path file) throws IOException {
        CardRegisterFile.Read<Insured> r = CardRegisterFile.read(file, LAYOUT);
        return new InsuredRegister(r.city(), r.byCard());
    }

    private static final CardRegisterFile.Layout<Insured> LAYOUT = new CardRegisterFile.Layout<>() {
        @Override
        public String kind() {
            return "INSURED";
        }

        @Override
        public String cardNumber(Insured person) {
            return person.cardNumber();
        }

        @Override
        public String line(Insured person) {
            return person.line();
        }

        @Override
        public Insured parse(ControlledFrame.Line line) throws DayFileFormatException {
            return insured(line);
        }
    };

    private static Insured insured(ControlledFrame.Line line) throws DayFileFormatException {
        String[] f = line.fields();
        if (f.length != 5 || !f[0].equals("I")) {
            throw line.error(null, "an insured line is I|card_number|status|living_in|account");
        }
        Status status;
        try {
            status = Status.valueOf(f[2]);
        } catch (IllegalArgumentException e) {
            throw line.error("status", "'" + f[2] + "' is not ACTIVE, SUSPENDED or DECEASED");
        }
        City livingIn = null;
        if (!f[3].isEmpty()) {
            livingIn = Cities.find(f[3]).orElseThrow(() -> line.error("living_in", "'" + f[3]
                    + "' is not a city code"));
        }
        if (!f[4].matches("[0-9]{1,10}")) {
            throw line.error("account", "'" + f[4] + "' is not a whole number of fen");
        }
        try {
            return new Insured(f[1], status, livingIn, Long.parseLong(f[4]));
        } catch (IllegalArgumentException e) {
            throw line.error(null, e.getMessage());
        }
    }
}
