package cn.yrd.onecard.apdu;

import java.util.HashMap;
import java.util.Map;

/**
 * The status words cards and PSAMs of this profile answer, with what each means. Families that carry
 * a number in SW2 ({@code 61xx}, {@code 6Cxx}, {@code 63Cx}) are described by {@link #describe(int)}.
 */
public enum StatusWord {
    OK(0x9000, "ok"),
    INSUFFICIENT_BALANCE(0x9401, "insufficient balance"),
    MAC_INVALID(0x9302, "MAC wrong"),
    APPLICATION_LOCKED(0x9303, "application locked for good"),
    APPLICATION_BLOCKED(0x6283, "application blocked (hotlisted)"),
    END_OF_FILE(0x6282, "end of file reached before Le bytes were read"),
    KEY_NOT_FOUND(0x9403, "key not found"),
    NO_PROOF_AVAILABLE(0x9406, "no MAC/TAC available for that transaction"),
    COMMAND_OUT_OF_SEQUENCE(0x6901, "command out of sequence"),
    INCOMPATIBLE_FILE_STRUCTURE(0x6981, "command incompatible with the file's structure"),
    PIN_BLOCKED(0x6983, "PIN blocked"),
    NO_CHALLENGE(0x6984, "no challenge issued"),
    CONDITIONS_NOT_SATISFIED(0x6985, "conditions of use not satisfied"),
    NO_CURRENT_EF(0x6986, "command not allowed: no current EF"),
    SECURE_MESSAGING_MAC_INVALID(0x6988, "secure-messaging MAC wrong"),
    WRONG_DATA(0x6A80, "incorrect data"),
    FILE_NOT_FOUND(0x6A82, "file not found"),
    RECORD_NOT_FOUND(0x6A83, "record not found"),
    WRONG_P1_P2(0x6A86, "wrong P1/P2"),
    OFFSET_OUTSIDE_FILE(0x6B00, "wrong P1/P2: offset outside the file"),
    LOGICAL_CHANNEL_NOT_SUPPORTED(0x6881, "logical channel not supported"),
    WRONG_LENGTH(0x6700, "wrong length"),
    INS_NOT_SUPPORTED(0x6D00, "unknown instruction"),
    CLA_NOT_SUPPORTED(0x6E00, "unknown class"),
    TECHNICAL_PROBLEM(0x6F00, "no precise diagnosis");

    private static final Map<Integer, StatusWord> BY_CODE = new HashMap<>();

    static {
        for (StatusWord sw : values()) {
            BY_CODE.put(sw.code, sw);
        }
    }

    private final int code;
    private final String meaning;

    StatusWord(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    public int sw1() {
        return code >>> 8;
    }

    public int sw2() {
        return code & 0xFF;
    }

    /** The named status word for {@code code}, or null when it is a family member or unknown. */
    public static StatusWord of(int code) {
        return BY_CODE.get(code);
    }

    /** Wrong PIN with {@code triesLeft} attempts remaining: {@code 63Cx}. */
    public static int wrongPin(int triesLeft) {
        if (triesLeft < 0 || triesLeft > 15) {
            throw new IllegalArgumentException("PIN tries left must be 0..15, got " + triesLeft);
        }
        return 0x63C0 | triesLeft;
    }

    /** {@code 61xx}: {@code available} more bytes wait for a GET RESPONSE. */
    public static int bytesAvailable(int available) {
        return 0x6100 | (available & 0xFF);
    }

    /** {@code 6Cxx}: wrong Le, the exact length is {@code exact}. */
    public static int wrongLe(int exact) {
        return 0x6C00 | (exact & 0xFF);
    }

    /** A human-readable text for any status word, e.g. {@code "63C2 wrong PIN, 2 tries left"}. */
    public static String describe(int code) {
        String hex = String.format("%04X", code & 0xFFFF);
        StatusWord named = of(code);
        if (named != null) {
            return hex + " " + named.meaning;
        }
        int sw1 = (code >>> 8) & 0xFF;
        int sw2 = code & 0xFF;
        if (sw1 == 0x61) {
            return hex + " " + sw2 + " more bytes available";
        }
        if (sw1 == 0x6C) {
            return hex + " wrong Le, exact length " + sw2;
        }
        if (sw1 == 0x63 && (sw2 & 0xF0) == 0xC0) {
            return hex + " wrong PIN, " + (sw2 & 0x0F) + " tries left";
        }
        return hex + " unknown status";
    }
}
