package cn.yrd.onecard.registry;

import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A city's card company's register of the merchants it acquires (docs/formats.md, "Merchant register"): shops, taxis,
 * car parks, filling stations and utilities that take the purse, each with its category, its fee rate and the account
 * the acquirer pays it into. The file is checked whole (ascending merchant ids, count, SHA-256) before a register is
 * returned. A merchant's terminals are registered in the {@link TerminalRegistry} like validators, under the
 * merchant's operator ID ({@link Merchant#operatorId}).
 */
public final class MerchantRegister {
    private static final String HEADER = "H|MERCHANTS|1|";
    /** A merchant's settlement account at its bank: 12 to 32 digits. */
    public static final String ACCOUNT_PATTERN = "[0-9]{12,32}";
    /** The highest merchant discount rate a register may set: 10%. */
    public static final int MAX_FEE_BASIS_POINTS = 1_000;

    /** What a merchant sells: the card's rules and the fee table are by category. */
    public enum Category {
        RETAIL, TAXI, PARKING, FUEL, UTILITY;

        /**
         * Whether a card of {@code type} may pay a merchant of this category. A student card pays for no fuel and no
         * parking: a student does not drive, so such a payment is a card in someone else's hands. Every other card
         * pays every category. The till refuses such a payment and clearing suspends one that got through (M03).
         */
        public boolean allows(CardType type) {
            return type != CardType.STUDENT || this != FUEL && this != PARKING;
        }
    }

    /**
     * A merchant: a 15-digit merchant id, its name (shown on the receipt), category, city, merchant discount rate in
     * basis points, and its settlement account.
     */
    public record Merchant(String id, String name, Category category, City city, int feeBasisPoints, String account) {
        public Merchant {
            if (id == null || !id.matches("[0-9]{15}")) {
                throw new IllegalArgumentException("a merchant id is 15 digits, got '" + id + "'");
            }
            if (name == null || name.isBlank() || name.length() > 40 || name.matches(".*[|\\p{Cntrl}].*")) {
                throw new IllegalArgumentException("a merchant's name is 1 to 40 characters without '|'");
            }
            if (feeBasisPoints < 0 || feeBasisPoints > MAX_FEE_BASIS_POINTS) {
                throw new IllegalArgumentException("a merchant's fee is 0 to " + MAX_FEE_BASIS_POINTS
                        + " basis points, got " + feeBasisPoints);
            }
            if (account == null || !account.matches(ACCOUNT_PATTERN)) {
                throw new IllegalArgumentException("a settlement account is 12 to 32 digits");
            }
        }

        /** The operator ID its terminals' records carry: {@code 0} and the merchant id, 16 hex digits. */
        public String operatorId() {
            return "0" + id;
        }

        /** The merchant's register line. */
        public String line() {
            return String.join("|", "M", id, name, category.name(), city.code(), Integer.toString(feeBasisPoints),
                    account);
        }

        @Override
        public String toString() {
            return "Merchant[" + id + ", " + name + ", " + category + ", " + city.code() + ", " + feeBasisPoints
                    + " bp, account ****" + account.substring(account.length() - 4) + "]";
        }
    }

    private final City acquirer;
    private final Map<String, Merchant> byId;

    private MerchantRegister(City acquirer, Map<String, Merchant> byId) {
        this.acquirer = acquirer;
        this.byId = byId;
    }

    /** The card company whose merchants these are. */
    public City acquirer() {
        return acquirer;
    }

    public Optional<Merchant> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The merchant whose terminals carry {@code operatorId}, if it is one of this register's. */
    public Optional<Merchant> byOperator(String operatorId) {
        return operatorId != null && operatorId.startsWith("0") ? find(operatorId.substring(1)) : Optional.empty();
    }

    /** The merchants in ascending id. */
    public List<Merchant> merchants() {
        return List.copyOf(byId.values());
    }

    /** The register's text: header, the merchants in ascending id, trailer; the one place it is made. */
    public static String text(City acquirer, List<Merchant> merchants) {
        List<String> lines = new ArrayList<>();
        String last = null;
        for (Merchant m : merchants.stream().sorted(Comparator.comparing(Merchant::id)).toList()) {
            if (!m.city().equals(acquirer)) {
                throw new IllegalArgumentException("merchant " + m.id() + " is in " + m.city().code() + ", not "
                        + acquirer.code() + ": each city's company acquires its own city's merchants");
            }
            if (m.id().equals(last)) {
                throw new IllegalArgumentException("merchant " + m.id() + " is registered twice");
            }
            last = m.id();
            lines.add(m.line());
        }
        StringBuilder text = new StringBuilder(HEADER).append(acquirer.code()).append('\n');
        lines.forEach(l -> text.append(l).append('\n'));
        return text.append(ControlledFrame.trailer(lines)).append('\n').toString();
    }

    /** Reads a register, or throws one line naming the file, the line and what is wrong with it. */
    public static MerchantRegister read(Path file) throws IOException {
        Map<String, Merchant> byId = new LinkedHashMap<>();
        City[] acquirer = new City[1];
        try {
            ControlledFrame.read(file, new ControlledFrame.Format() {
                String last;

                @Override
                public void header(ControlledFrame.Line line) throws DayFileFormatException {
                    String code = line.text().startsWith(HEADER) ? line.text().substring(HEADER.length()) : "";
                    acquirer[0] = Cities.find(code).orElseThrow(() -> line.error(null, "header must be " + HEADER
                            + "<city code>"));
                }

                @Override
                public long body(ControlledFrame.Line line) throws DayFileFormatException {
                    Merchant m = merchant(line, acquirer[0]);
                    if (last != null && m.id().compareTo(last) <= 0) {
                        throw line.error("merchant_id", "'" + m.id() + "' is not after " + last
                                + ": merchants in ascending id, each once");
                    }
                    last = m.id();
                    byId.put(m.id(), m);
                    return 0;
                }
            });
        } catch (DayFileFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new MerchantRegister(acquirer[0], Collections.unmodifiableMap(byId));
    }

    private static Merchant merchant(ControlledFrame.Line line, City acquirer) throws DayFileFormatException {
        String[] f = line.fields();
        if (f.length != 7 || !f[0].equals("M")) {
            throw line.error(null, "a merchant line is M|merchant_id|name|category|city|fee_bp|account");
        }
        Category category;
        try {
            category = Category.valueOf(f[3]);
        } catch (IllegalArgumentException e) {
            throw line.error("category", "'" + f[3] + "' is not one of RETAIL, TAXI, PARKING, FUEL, UTILITY");
        }
        City city = Cities.find(f[4]).orElseThrow(() -> line.error("city", "'" + f[4] + "' is not a city code"));
        if (!city.equals(acquirer)) {
            throw line.error("city", "merchant in " + f[4] + ": " + acquirer.code()
                    + "'s company acquires its own city's merchants");
        }
        if (!f[5].matches("[0-9]{1,4}")) {
            throw line.error("fee_bp", "'" + f[5] + "' is not a whole number of basis points");
        }
        try {
            return new Merchant(f[1], f[2], category, city, Integer.parseInt(f[5]), f[6]);
        } catch (IllegalArgumentException e) {
            throw line.error(null, e.getMessage());
        }
    }
}
