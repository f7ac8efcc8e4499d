package cn.yrd.onecard.psam;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import org.apache.commons.codec.binary.Hex;

/**
 * READ BINARY of the PSAM's terminal number, {@code 00 B0 96 00 06} (SFI 0x16): the 6 bytes every record of the
 * terminal carries, as 12 upper-case hex digits.
 */
public final class ReadTerminalNumber {
    public static final int INS = 0xB0;
    private static final int SFI_0x16 = 0x96;
    private static final int LENGTH = 6;

    private ReadTerminalNumber() {
    }

    public static byte[] build() {
        return new CommandApdu(0x00, INS, SFI_0x16, 0x00, LENGTH).toBytes();
    }

    /** The PSAM reading the command: only the terminal number's file is there to read. */
    public static void read(CommandApdu c) throws MalformedApduException {
        c.requireCla("READ BINARY", 0x00);
        if (c.p1() != SFI_0x16 || c.p2() != 0x00) {
            throw new MalformedApduException(c.p1() >= 0x80 ? StatusWord.FILE_NOT_FOUND : StatusWord.WRONG_P1_P2,
                    "the PSAM's one binary file is SFI 0x16 from offset 0");
        }
    }

    /** The terminal reading the answer. */
    public static String terminalNo(byte[] data) {
        if (data.length != LENGTH) {
            throw new IllegalArgumentException("the terminal number is 6 bytes, the PSAM answered " + data.length);
        }
        return Hex.encodeHexString(data, false);
    }
}
