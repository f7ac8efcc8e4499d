package cn.yrd.onecard.purse;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import java.util.Arrays;

/**
 * APPLICATION BLOCK, {@code 84 1E 00 00 04 <MAC>}: the MAC is the PSAM's over {@link #header()} with the card's
 * challenge as IV; after it SELECT answers {@code 6283} (a hotlisted card).
 */
public record ApplicationBlock(byte[] mac) {
    public static final int CLA = 0x84;
    public static final int INS = 0x1E;
    private static final String NAME = "APPLICATION BLOCK";

    public ApplicationBlock {
        mac = CommandFields.fixed("the MAC", mac, 4);
    }

    /** The bytes of the command that its MAC covers. */
    public static byte[] header() {
        return Arrays.copyOf(new CommandApdu(CLA, INS, 0, 0, new byte[4]).toBytes(), 5);
    }

    public byte[] build() {
        return new CommandApdu(CLA, INS, 0, 0, mac).toBytes();
    }

    /** The purse reading the command. */
    public static ApplicationBlock read(CommandApdu c) throws MalformedApduException {
        c.requireCla(NAME, CLA);
        c.requireP1P2(NAME, 0x00, 0x00);
        c.requireLc(NAME, 4);
        return new ApplicationBlock(c.data());
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }
}
