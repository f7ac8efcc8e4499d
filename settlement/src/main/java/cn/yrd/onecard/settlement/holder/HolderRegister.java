package cn.yrd.onecard.settlement.holder;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.privacy.Mask;
import cn.yrd.onecard.settlement.audit.AuditTrail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The holders of the cards the cities issued, as each issuer registers them (docs/settlement.md, "Holders"), so that
 * a counter of any city checks the person in front of it before listing their lost card: a citizen card's PIN, or the
 * ID number a card is registered to. The centre keeps neither, only each as a check value the issuer computed
 * ({@link #check}), compared in constant time; five wrong answers in a row for a card and only its issuer's counter
 * lists it (a PIN has a million values: the count, not the hash, is what stops guessing at a counter).
 */
@Service
public class HolderRegister {
    /** PBKDF2-HMAC-SHA256 rounds of a check value. */
    public static final int ROUNDS = 100_000;
    /** Wrong answers in a row after which a card's holder is checked at its issuer's counter only. */
    public static final int MAX_FAILED = 5;
    private static final String HEADER = "H|HOLDER_REGISTER|1|";

    private final HolderTable table;
    private final AuditTrail audit;

    HolderRegister(HolderTable table, AuditTrail audit) {
        this.table = table;
        this.audit = audit;
    }

    /** What the holder in front of the counter answered: their citizen card's PIN, or their ID number. */
    public record Proof(String pin, String idNumber) {
        public boolean given() {
            return pin != null || idNumber != null;
        }

        /** What was checked, for the audit trail: never the answer. */
        public String what() {
            return pin != null ? "the holder's PIN" : "the holder's ID number";
        }

        @Override
        public String toString() {
            return "Proof[" + (given() ? what() : "nothing") + ", redacted]";
        }
    }

    /** How a check went; {@code checksLeft} after a wrong answer. */
    public record Verdict(Outcome outcome, int checksLeft) {
    }

    public enum Outcome {
        /** The answer is the registered one. */
        PROVED,
        /** It is not. */
        WRONG,
        /** Too many wrong answers: the issuer's counter only. */
        LOCKED,
        /** No holder is registered for the card (an anonymous transit card). */
        NOT_REGISTERED,
        /** A PIN for a card that has none (a named transit card): its holder's ID number then. */
        NO_PIN
    }

    /**
     * The check value of {@code secret} (a PIN, or an ID number in capitals) with a card's {@code salt}: as an issuer
     * computes it for its register, and as the centre checks an answer.
     */
    public static String check(String secret, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(secret.strip().toUpperCase(Locale.ROOT).toCharArray(), salt, ROUNDS, 256);
            byte[] value = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            return HexFormat.of().formatHex(value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }

    /** One line of a register, as an issuer's card system writes it: {@code pin} null for a named transit card. */
    public static String line(String card, byte[] salt, String pin, String idNumber) {
        return String.join("|", "R", card, pin == null ? "NAMED" : "CITIZEN", HexFormat.of().formatHex(salt),
                pin == null ? "" : check(pin, salt), check(idNumber, salt));
    }

    /**
     * Takes in an issuer's register: every line, or, any line wrong, none (each bad line named). A card registered
     * again is registered anew: its count of wrong answers starts again. Returns the cards registered.
     */
    @Transactional(rollbackFor = Exception.class)
    public int load(Path file) throws IOException, BadRegister {
        List<String> problems = new ArrayList<>();
        List<HolderTable.Holder> holders = new ArrayList<>();
        String[] city = new String[1];
        try {
            ControlledFrame.read(file, new ControlledFrame.Format() {
                @Override
                public void header(ControlledFrame.Line line) throws DayFileFormatException {
                    String[] h = line.fields();
                    if (!line.text().startsWith(HEADER) || h.length != 5 || Cities.find(h[3]).isEmpty()
                            || !h[4].matches("[0-9]{8}")) {
                        throw line.error("header", "is not H|HOLDER_REGISTER|1|<city code>|<YYYYMMDD>");
                    }
                    city[0] = h[3];
                }

                @Override
                public long body(ControlledFrame.Line line) {
                    String problem = problem(line.fields(), city[0], holders);
                    if (problem != null) {
                        problems.add(file.getFileName() + ": line " + line.number() + ": " + problem);
                    }
                    return 0;
                }
            });
        } catch (DayFileFormatException e) {
            throw new BadRegister(e.getMessage(), List.of());
        }
        if (!problems.isEmpty()) {
            throw new BadRegister("register " + file.getFileName() + " refused, nobody registered", problems);
        }
        Set<String> cards = new HashSet<>();
        for (HolderTable.Holder h : holders) {
            if (!cards.add(h.card())) {
                throw new BadRegister("register " + file.getFileName() + " refused, nobody registered",
                        List.of("card " + Mask.serialWithPrefix(h.card()) + " is registered twice"));
            }
            String known = table.issuerOf(h.card());
            if (known != null && !known.equals(city[0])) {
                throw new BadRegister("register " + file.getFileName() + " refused, nobody registered",
                        List.of("card " + Mask.serialWithPrefix(h.card()) + " is registered by " + known + ", not "
                                + city[0]));
            }
            table.register(h, LocalDate.now());
        }
        audit.record("register:" + city[0], "HOLDERS", "city:" + city[0], holders.size() + " card holders registered");
        return holders.size();
    }

    /** What is wrong with a register line, or null (the holder then added to {@code holders}). */
    private static String problem(String[] f, String city, List<HolderTable.Holder> holders) {
        if (f.length != 6 || !f[0].equals("R")) {
            return "a line is R|card|CITIZEN or NAMED|salt|PIN check|ID check";
        }
        if (!f[1].matches("[0-9]{16}")) {
            return "card '" + Mask.serialWithPrefix(f[1]) + "' is not 16 digits";
        }
        if (!f[3].matches("[0-9a-f]{32}")) {
            return "the salt is 32 lower-case hex digits";
        }
        boolean citizen = f[2].equals("CITIZEN");
        if (!citizen && !f[2].equals("NAMED")) {
            return "the kind '" + f[2] + "' is neither CITIZEN nor NAMED";
        }
        if (citizen != f[4].matches("[0-9a-f]{64}") || !citizen && !f[4].isEmpty()) {
            return citizen ? "a citizen card's PIN check is 64 lower-case hex digits" : "a named card has no PIN check";
        }
        if (!f[5].matches("[0-9a-f]{64}")) {
            return "the ID check is 64 lower-case hex digits";
        }
        holders.add(new HolderTable.Holder(f[1], city, f[2], f[3], citizen ? f[4] : null, f[5], 0));
        return null;
    }

    /**
     * Checks {@code proof} against the card's registered holder. In a transaction of its own, so that a wrong answer
     * counts even when the listing it was for is refused.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Verdict verify(String card, Proof proof) {
        HolderTable.Holder h = table.lock(card);
        if (h == null) {
            return new Verdict(Outcome.NOT_REGISTERED, 0);
        }
        if (h.failedChecks() >= MAX_FAILED) {
            return new Verdict(Outcome.LOCKED, 0);
        }
        if (proof.pin() != null && h.pinCheck() == null) {
            return new Verdict(Outcome.NO_PIN, MAX_FAILED - h.failedChecks());
        }
        String expected = proof.pin() != null ? h.pinCheck() : h.idCheck();
        String answer = check(proof.pin() != null ? proof.pin() : proof.idNumber(), HexFormat.of().parseHex(h.salt()));
        if (MessageDigest.isEqual(answer.getBytes(StandardCharsets.US_ASCII),
                expected.getBytes(StandardCharsets.US_ASCII))) {
            table.passed(card);
            return new Verdict(Outcome.PROVED, MAX_FAILED);
        }
        table.failed(card);
        return new Verdict(Outcome.WRONG, MAX_FAILED - h.failedChecks() - 1);
    }

    /** A register refused whole: why, and each bad line. */
    public static final class BadRegister extends Exception {
        private final List<String> problems;

        BadRegister(String message, List<String> problems) {
            super(message);
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
