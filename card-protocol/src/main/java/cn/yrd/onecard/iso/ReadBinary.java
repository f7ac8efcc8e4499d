package cn.yrd.onecard.iso;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;

/** READ BINARY by short file identifier, {@code 00 B0 <80|SFI> <offset> 00}: the file from {@code offset} on. */
public record ReadBinary(int sfi, int offset) {
    public static final int INS = 0xB0;
    private static final int BY_SFI = 0x80;

    public ReadBinary {
        if (sfi < 1 || sfi > 0x1E) {
            throw new IllegalArgumentException("a short file identifier is 1..30, not " + sfi);
        }
        if (offset < 0 || offset > 0xFF) {
            throw new IllegalArgumentException("an offset in P2 is 0..255, not " + offset);
        }
    }

    public byte[] build() {
        return new CommandApdu(0x00, INS, BY_SFI | sfi, offset, 256).toBytes();
    }

    /** The card reading the command; only reads by short file identifier are taken. */
    public static ReadBinary read(CommandApdu c) throws MalformedApduException {
        c.requireCla("READ BINARY", 0x00);
        if ((c.p1() & 0xE0) != BY_SFI || (c.p1() & 0x1F) == 0 || (c.p1() & 0x1F) == 0x1F) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2, "READ BINARY takes a short file identifier in P1");
        }
        return new ReadBinary(c.p1() & 0x1F, c.p2());
    }
}
