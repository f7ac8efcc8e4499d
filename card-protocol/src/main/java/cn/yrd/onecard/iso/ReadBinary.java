package cn.yrd.onecard.iso;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.apdu.StatusWord;
import java.util.Arrays;

/**
 * READ BINARY, {@code 00 B0 <80|SFI> <offset> 00} (by short file identifier, {@code sfi} 1..30) or {@code 00 B0
 * <offset, 15 bits> 00} (the current EF, {@code sfi} {@link #CURRENT_EF}): the file from {@code offset} on.
 */
public record ReadBinary(int sfi, int offset) {
    public static final int INS = 0xB0;
    /** The {@link #sfi} of a read of the current EF, the one last selected by file identifier. */
    public static final int CURRENT_EF = 0;
    private static final int BY_SFI = 0x80;

    public ReadBinary {
        if (sfi < CURRENT_EF || sfi > 0x1E) {
            throw new IllegalArgumentException("a short file identifier is 1..30 (0: the current EF), not " + sfi);
        }
        int maxOffset = sfi == CURRENT_EF ? 0x7FFF : 0xFF;
        if (offset < 0 || offset > maxOffset) {
            throw new IllegalArgumentException("an offset is 0.." + maxOffset + ", not " + offset);
        }
    }

    public byte[] build() {
        return sfi == CURRENT_EF ? new CommandApdu(0x00, INS, offset >>> 8, offset & 0xFF, 256).toBytes()
                : new CommandApdu(0x00, INS, BY_SFI | sfi, offset, 256).toBytes();
    }

    /** The card reading the command. */
    public static ReadBinary read(CommandApdu c) throws MalformedApduException {
        c.requireCla("READ BINARY", 0x00);
        if ((c.p1() & 0x80) == 0) {
            return new ReadBinary(CURRENT_EF, c.p1() << 8 | c.p2());
        }
        if ((c.p1() & 0xE0) != BY_SFI || (c.p1() & 0x1F) == 0 || (c.p1() & 0x1F) == 0x1F) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2,
                    "READ BINARY takes a short file identifier or an offset in P1");
        }
        return new ReadBinary(c.p1() & 0x1F, c.p2());
    }

    /**
     * The card's answer, as ISO 7816-4 has it, reading {@code file} from {@code offset} for a command of {@code ne}
     * expected bytes (Le 00 or none: all of it, at most 256): a short Le reads the first Le bytes (a reader app's
     * {@code 00 B0 95 00 10} gets 16 bytes and 9000), a Le past the end the bytes there are and {@code 6282}, an offset
     * past the end {@code 6B00}. One rule for every binary file of every card.
     */
    public static ResponseApdu answer(byte[] file, int offset, int ne) {
        if (offset >= file.length) {
            return ResponseApdu.of(StatusWord.OFFSET_OUTSIDE_FILE);
        }
        byte[] rest = Arrays.copyOfRange(file, offset, file.length);
        if (ne == 256 || ne == rest.length) {
            return ResponseApdu.ok(rest);
        }
        return ne < rest.length ? ResponseApdu.ok(Arrays.copyOf(rest, ne))
                : new ResponseApdu(rest, StatusWord.END_OF_FILE.code());
    }

    /** The Ne of {@code c} as {@link #answer} takes it: its Le, or 256 (all of it) when it has none. */
    public static int expected(CommandApdu c) {
        return c.hasLe() ? c.ne() : 256;
    }
}
