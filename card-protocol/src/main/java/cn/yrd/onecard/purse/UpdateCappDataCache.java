package cn.yrd.onecard.purse;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.card.MetroState;
import cn.yrd.onecard.card.TripRecord;

/**
 * UPDATE CAPP DATA CACHE, {@code 80 DC <rec> <SFI<<3> <Lc>}: the new metro state (0x1A, record 01) or trip record
 * (0x1E, a new cyclic record), written only if the DEBIT that follows succeeds.
 */
public record UpdateCappDataCache(int sfi, byte[] record) {
    public static final int INS = 0xDC;

    public UpdateCappDataCache {
        record = CommandFields.fixed("the 0x" + Integer.toHexString(sfi).toUpperCase() + " record", record,
                length(sfi));
    }

    private static int length(int sfi) {
        return switch (sfi) {
            case MetroState.SFI -> MetroState.LENGTH;
            case TripRecord.SFI -> TripRecord.LENGTH;
            default -> throw new IllegalArgumentException("the CAPP cache takes SFI 0x1A or 0x1E, not " + sfi);
        };
    }

    public byte[] build() {
        return new CommandApdu(0x80, INS, sfi == MetroState.SFI ? 0x01 : 0x00, sfi << 3, record).toBytes();
    }

    /** The purse reading the command. */
    public static UpdateCappDataCache read(CommandApdu c) throws MalformedApduException {
        c.requireCla("UPDATE CAPP DATA CACHE", 0x80);
        int sfi = c.p2() >>> 3;
        if ((sfi != MetroState.SFI && sfi != TripRecord.SFI) || (c.p2() & 0x07) != 0) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2, "UPDATE CAPP DATA CACHE takes SFI 0x1A or 0x1E");
        }
        c.requireLc("UPDATE CAPP DATA CACHE", length(sfi));
        return new UpdateCappDataCache(sfi, c.data());
    }

    @Override
    public byte[] record() {
        return record.clone();
    }
}
