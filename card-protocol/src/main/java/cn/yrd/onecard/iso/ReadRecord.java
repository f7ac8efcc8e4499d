package cn.yrd.onecard.iso;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;

/**
 * READ RECORD, {@code 00 B2 <record> <SFI<<3 | mode> 00}: record {@code number} of the file (mode 4), or that record
 * and all after it (mode 5, {@code all}); SFI 0 ({@link ReadBinary#CURRENT_EF}) is the current EF. A record that is
 * not there is answered {@code 6A83}.
 */
public record ReadRecord(int number, int sfi, boolean all) {
    public static final int INS = 0xB2;
    private static final int ONE = 4;
    private static final int FROM = 5;

    public ReadRecord {
        if (number < 1 || number > 0xFE) {
            throw new IllegalArgumentException("a record number is 1..254, not " + number);
        }
        if (sfi < ReadBinary.CURRENT_EF || sfi > 0x1E) {
            throw new IllegalArgumentException("a short file identifier is 1..30 (0: the current EF), not " + sfi);
        }
    }

    public static ReadRecord one(int number, int sfi) {
        return new ReadRecord(number, sfi, false);
    }

    public byte[] build() {
        return new CommandApdu(0x00, INS, number, sfi << 3 | (all ? FROM : ONE), 256).toBytes();
    }

    /** The card reading the command. */
    public static ReadRecord read(CommandApdu c) throws MalformedApduException {
        c.requireCla("READ RECORD", 0x00);
        int mode = c.p2() & 0x07;
        int sfi = c.p2() >>> 3;
        if (c.p1() == 0 || c.p1() == 0xFF || sfi == 0x1F || (mode != ONE && mode != FROM)) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2,
                    "READ RECORD takes a record number in P1 and SFI<<3 | 4 or 5 in P2");
        }
        return new ReadRecord(c.p1(), sfi, mode == FROM);
    }

    /** Whether the card's status word says there is no such record (the end of a cyclic file). */
    public static boolean notFound(int statusWord) {
        return statusWord == StatusWord.RECORD_NOT_FOUND.code();
    }
}
