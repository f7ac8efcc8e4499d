package cn.yrd.onecard.psam;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.IssuerId;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CardAlgorithm;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * DES INIT, {@code 80 1A 28 <alg> 10}: readies the PSAM's maintenance key for one card (its serial and issuer ID),
 * for the {@link Des} that follows (the MAC of APPLICATION BLOCK when a gate blocks a hotlisted card).
 */
public record DesInit(CardAlgorithm algorithm, CardSerial card, byte[] issuerId) {
    public static final int CLA = 0x80;
    public static final int INS = 0x1A;
    /** P1: the key's usage, maintenance. */
    private static final int MAINTENANCE = 0x28;

    public DesInit {
        IssuerId.cityOf(issuerId);
        issuerId = issuerId.clone();
    }

    public byte[] build() {
        byte[] data = ByteBuffer.allocate(16).put(card.bytes()).put(issuerId).array();
        return new CommandApdu(CLA, INS, MAINTENANCE, algorithm.id(), data).toBytes();
    }

    /** The PSAM reading the command. */
    public static DesInit read(CommandApdu c) throws MalformedApduException {
        c.requireCla("DES INIT", CLA);
        if (c.p1() != MAINTENANCE) {
            throw new MalformedApduException(StatusWord.KEY_NOT_FOUND, "DES INIT knows the maintenance key only");
        }
        if (c.lc() != 16) {
            throw new MalformedApduException(StatusWord.WRONG_LENGTH, "DES INIT takes serial(8) and issuer ID(8)");
        }
        CardAlgorithm alg;
        try {
            alg = CardAlgorithm.ofId(c.p2());
        } catch (IllegalArgumentException e) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2, "DES INIT: P2 " + c.p2() + " is no algorithm");
        }
        byte[] d = c.data();
        try {
            return new DesInit(alg, CardSerial.fromBytes(Arrays.copyOf(d, 8)), Arrays.copyOfRange(d, 8, 16));
        } catch (IllegalArgumentException e) {
            throw new MalformedApduException(StatusWord.WRONG_DATA, "DES INIT: " + e.getMessage());
        }
    }

    /** The card's city, from its issuer ID. */
    public City issuer() {
        return IssuerId.cityOf(issuerId);
    }

    @Override
    public byte[] issuerId() {
        return issuerId.clone();
    }
}
