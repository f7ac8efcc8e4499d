package cn.yrd.onecard.psam;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;

/**
 * CREDIT SAM FOR PURCHASE, {@code 80 72 00 00 04}: the card's MAC2 in, for the PSAM to check against the session of
 * the last INIT SAM FOR PURCHASE; it answers {@code 9000}, or {@code 9302} (MAC wrong).
 */
public record CreditSamForPurchase(byte[] mac2) {
    public static final int CLA = 0x80;
    public static final int INS = 0x72;

    public CreditSamForPurchase {
        if (mac2.length != 4) {
            throw new IllegalArgumentException("MAC2 is 4 bytes");
        }
        mac2 = mac2.clone();
    }

    public byte[] build() {
        return new CommandApdu(CLA, INS, 0, 0, mac2).toBytes();
    }

    /** The PSAM reading the command. */
    public static CreditSamForPurchase read(CommandApdu c) throws MalformedApduException {
        c.requireCla("CREDIT SAM FOR PURCHASE", CLA);
        if (c.p1() != 0 || c.p2() != 0) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2, "CREDIT SAM FOR PURCHASE takes P1 P2 00 00");
        }
        if (c.lc() != 4) {
            throw new MalformedApduException(StatusWord.WRONG_LENGTH, "CREDIT SAM FOR PURCHASE takes MAC2, 4 bytes");
        }
        return new CreditSamForPurchase(c.data());
    }

    /** Whether the PSAM's status word says the MAC2 was right. */
    public static boolean accepted(int statusWord) {
        return statusWord == StatusWord.OK.code();
    }

    @Override
    public byte[] mac2() {
        return mac2.clone();
    }
}
