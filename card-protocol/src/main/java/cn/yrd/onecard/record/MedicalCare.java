package cn.yrd.onecard.record;

import java.util.Locale;

/**
 * What care a hospital bill was for: the hospital's level and inpatient or outpatient care. A home city's policy sets
 * the fund's share by it, the bill's record carries it ({@link MedicalClaim}), and the bureaus count their claims by it.
 */
public record MedicalCare(Level level, Kind kind) {

    /** The hospital's level (一级, 二级, 三级): the higher, the smaller the fund's share, to keep care local. */
    public enum Level {
        ONE, TWO, THREE
    }

    /** Inpatient (住院) or outpatient (门诊) care. */
    public enum Kind {
        INPATIENT, OUTPATIENT
    }

    public MedicalCare {
        java.util.Objects.requireNonNull(level, "level");
        java.util.Objects.requireNonNull(kind, "kind");
    }

    /** The care named {@code level} and {@code kind} as a counter types them, or one line saying what is wrong. */
    public static MedicalCare of(String level, String kind) {
        Level l;
        Kind k;
        try {
            l = Level.valueOf(level.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a hospital's level is ONE, TWO or THREE, got '" + level + "'");
        }
        try {
            k = Kind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("care is INPATIENT or OUTPATIENT, got '" + kind + "'");
        }
        return new MedicalCare(l, k);
    }

    /** As a day file writes it: {@code THREE-INPATIENT}. */
    public String code() {
        return level + "-" + kind;
    }

    /** The care a day file's {@link #code()} names, or one line saying what is wrong. */
    public static MedicalCare parse(String code) {
        int dash = code == null ? -1 : code.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("care is LEVEL-KIND, e.g. THREE-INPATIENT, got '" + code + "'");
        }
        return of(code.substring(0, dash), code.substring(dash + 1));
    }

    /** Two characters for clearing's record type: the level's digit and I or O ({@code 3I}). */
    public String shortCode() {
        return (level.ordinal() + 1) + (kind == Kind.INPATIENT ? "I" : "O");
    }

    /** The care of a {@link #shortCode()}. */
    public static MedicalCare ofShortCode(String code) {
        if (code == null || !code.matches("[123][IO]")) {
            throw new IllegalArgumentException("a care's short code is a level 1 to 3 and I or O, got '" + code + "'");
        }
        return new MedicalCare(Level.values()[code.charAt(0) - '1'], code.charAt(1) == 'I' ? Kind.INPATIENT
                : Kind.OUTPATIENT);
    }
}
