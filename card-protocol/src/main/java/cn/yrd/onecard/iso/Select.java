package cn.yrd.onecard.iso;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * SELECT, {@code 00 A4 P1 P2 Lc id}: by name (P1 04, an application's AID or DF name) or by file identifier (P1 00).
 * P2 as ISO 7816-4 has it (docs/conformance.md): {@code 00} the first or only occurrence with its FCI, {@code 0C} the
 * same without response data, {@code 02} the next occurrence (our cards hold each name once: there is none). The
 * names of the applications a citizen card carries are here, so card and terminal spell them once.
 */
public record Select(int p1, byte[] id, boolean withFci, boolean next) {
    public static final int INS = 0xA4;
    static final int BY_FILE_ID = 0x00;
    static final int BY_NAME = 0x04;
    /** P2: the first or only occurrence, answered with the FCI. */
    private static final int FIRST_WITH_FCI = 0x00;
    /** P2: the next occurrence, with the FCI. */
    private static final int NEXT_WITH_FCI = 0x02;
    /** P2: the first or only occurrence, no response data. */
    private static final int FIRST_NO_DATA = 0x0C;
    /** The master file's identifier, {@code 3F00}. */
    private static final byte[] MASTER_FILE = {0x3F, 0x00};

    /** The proximity payment system environment, {@code 2PAY.SYS.DDF01}: what contactless readers select first. */
    public static final Select PPSE = byName("2PAY.SYS.DDF01".getBytes(StandardCharsets.US_ASCII));
    /** The transit electronic purse, AID {@code A0 00 00 06 32 01 01 05}. */
    public static final Select TRANSIT_PURSE = byName(new byte[] {(byte) 0xA0, 0x00, 0x00, 0x06, 0x32, 0x01, 0x01,
        0x05});
    /**
     * The purse's DF by file identifier, {@code 1001}, as reader apps select it when they read files by identifier
     * (each EF then {@code 00 <SFI>}: docs/conformance.md).
     */
    public static final Select TRANSIT_PURSE_DF = new Select(BY_FILE_ID, new byte[] {0x10, 0x01});
    /** The social security environment, {@code sx1.sh.社会保障} in GBK. */
    public static final Select SOCIAL_SECURITY = byName("sx1.sh.社会保障".getBytes(Charset.forName("GBK")));

    /** The first or only occurrence of {@code id}, answered with its FCI. */
    public Select(int p1, byte[] id) {
        this(p1, id, true, false);
    }

    public Select {
        if (p1 != BY_FILE_ID && p1 != BY_NAME) {
            throw new IllegalArgumentException("SELECT is by file identifier (P1 00) or by name (P1 04), not " + p1);
        }
        if (id.length == 0 || id.length > 16) {
            throw new IllegalArgumentException("a name or file identifier is 1..16 bytes, not " + id.length);
        }
        id = id.clone();
    }

    public static Select byName(byte[] name) {
        return new Select(BY_NAME, name);
    }

    /** The command; a SELECT by name asks for the FCI ({@code Le 00}) as contactless readers do. */
    public byte[] build() {
        return p1 == BY_NAME ? new CommandApdu(0x00, INS, p1, 0x00, id, 256).toBytes()
                : new CommandApdu(0x00, INS, p1, 0x00, id).toBytes();
    }

    /** The card reading the command. */
    public static Select read(CommandApdu c) throws MalformedApduException {
        c.requireCla("SELECT", 0x00);
        if ((c.p1() != BY_FILE_ID && c.p1() != BY_NAME)
                || (c.p2() != FIRST_WITH_FCI && c.p2() != NEXT_WITH_FCI && c.p2() != FIRST_NO_DATA)) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2, "SELECT takes P1 00 or 04 and P2 00, 02 or 0C");
        }
        if ((c.lc() == 0 && c.p1() != BY_FILE_ID) || c.lc() > 16) {
            throw new MalformedApduException(StatusWord.WRONG_LENGTH, "SELECT names 1..16 bytes");
        }
        // By file identifier with no data is the MF (ISO 7816-4 11.1.1), as reader apps select it to start afresh.
        byte[] id = c.lc() == 0 ? MASTER_FILE : c.data();
        return new Select(c.p1(), id, c.p2() != FIRST_NO_DATA, c.p2() == NEXT_WITH_FCI);
    }

    @Override
    public byte[] id() {
        return id.clone();
    }

    /** The short file identifier this selects by file identifier {@code 00 <SFI>}, as the purse's EFs are; else 0. */
    public int elementaryFile() {
        return p1 == BY_FILE_ID && id.length == 2 && id[0] == 0 && id[1] > 0 && id[1] <= 0x1E ? id[1] : 0;
    }

    /** Whether this names the same file as {@code other} (P2's occurrence and answer aside). */
    public boolean names(Select other) {
        return other.p1 == p1 && Arrays.equals(other.id, id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Select s && s.p1 == p1 && Arrays.equals(s.id, id) && s.withFci == withFci
                && s.next == next;
    }

    @Override
    public int hashCode() {
        return (31 * p1 + Arrays.hashCode(id)) * 4 + (withFci ? 2 : 0) + (next ? 1 : 0);
    }

    @Override
    public String toString() {
        return "SELECT " + (p1 == BY_NAME ? "name " : "file ") + java.util.HexFormat.of().withUpperCase().formatHex(id);
    }
}
