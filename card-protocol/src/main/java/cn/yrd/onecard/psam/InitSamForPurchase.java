package cn.yrd.onecard.psam;

import cn.yrd.onecard.apdu.Bcd;
import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.IssuerId;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CardAlgorithm;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * INIT SAM FOR PURCHASE, {@code 80 70 00 00 24}: the card's answer to INITIALIZE FOR PURCHASE and the purchase in,
 * the PSAM's next terminal transaction counter (TTC) and MAC1 out.
 */
public record InitSamForPurchase(byte[] cardRandom, int offlineAtc, long amount, int type, LocalDateTime time,
        int keyVersion, CardAlgorithm algorithm, CardSerial card, byte[] issuerId) {
    public static final int CLA = 0x80;
    public static final int INS = 0x70;
    private static final int LC = 0x24;

    public InitSamForPurchase {
        if (cardRandom.length != 4) {
            throw new IllegalArgumentException("the card's random is 4 bytes, not " + cardRandom.length);
        }
        field("ATC", offlineAtc, 0xFFFF);
        field("amount", amount, 0xFFFFFFFFL);
        field("transaction type", type, 0xFF);
        field("key version", keyVersion, 0xFF);
        IssuerId.cityOf(issuerId);
        cardRandom = cardRandom.clone();
        issuerId = issuerId.clone();
    }

    /** A value refused here rather than cut to its field's low bytes. */
    private static void field(String what, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " " + value + " does not fit its field (0.." + max + ")");
        }
    }

    /** The command's bytes: random(4) ATC(2) amount(4) type(1) date-time(7) key version(1) alg(1) serial(8) issuer(8). */
    public byte[] build() {
        byte[] data = ByteBuffer.allocate(LC).put(cardRandom).putShort((short) offlineAtc).putInt((int) amount)
                .put((byte) type).put(Bcd.dateTime(time)).put((byte) keyVersion).put((byte) algorithm.id())
                .put(card.bytes()).put(issuerId).array();
        return new CommandApdu(CLA, INS, 0, 0, data).toBytes();
    }

    /** The PSAM reading the command. */
    public static InitSamForPurchase read(CommandApdu c) throws MalformedApduException {
        c.requireCla("INIT SAM FOR PURCHASE", CLA);
        if (c.p1() != 0 || c.p2() != 0) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2, "INIT SAM FOR PURCHASE takes P1 P2 00 00");
        }
        if (c.lc() != LC) {
            throw new MalformedApduException(StatusWord.WRONG_LENGTH, "INIT SAM FOR PURCHASE takes 36 data bytes");
        }
        ByteBuffer d = ByteBuffer.wrap(c.data());
        byte[] random = new byte[4];
        d.get(random);
        int atc = d.getShort() & 0xFFFF;
        long amount = d.getInt() & 0xFFFFFFFFL;
        int type = d.get() & 0xFF;
        byte[] dateTime = new byte[7];
        d.get(dateTime);
        int keyVersion = d.get() & 0xFF;
        int algId = d.get() & 0xFF;
        byte[] serial = new byte[8];
        d.get(serial);
        byte[] issuerId = new byte[8];
        d.get(issuerId);
        try {
            return new InitSamForPurchase(random, atc, amount, type, Bcd.toDateTime(dateTime, 0), keyVersion,
                    CardAlgorithm.ofId(algId), CardSerial.fromBytes(serial), issuerId);
        } catch (IllegalArgumentException e) {
            throw new MalformedApduException(StatusWord.WRONG_DATA, "INIT SAM FOR PURCHASE: " + e.getMessage());
        }
    }

    /** The card's city, from its issuer ID. */
    public City issuer() {
        return IssuerId.cityOf(issuerId);
    }

    @Override
    public byte[] cardRandom() {
        return cardRandom.clone();
    }

    @Override
    public byte[] issuerId() {
        return issuerId.clone();
    }

    /** The PSAM's answer: TTC(4) and MAC1(4). */
    public record Answer(long ttc, byte[] mac1) {
        public Answer {
            if (ttc < 0 || ttc > 0xFFFFFFFFL || mac1.length != 4) {
                throw new IllegalArgumentException("an answer is TTC(4) and MAC1(4)");
            }
            mac1 = mac1.clone();
        }

        public byte[] encode() {
            return ByteBuffer.allocate(8).putInt((int) ttc).put(mac1).array();
        }

        /** The terminal reading the answer's data. */
        public static Answer parse(byte[] data) {
            if (data.length != 8) {
                throw new IllegalArgumentException("INIT SAM FOR PURCHASE answered " + data.length
                        + " bytes, 8 expected");
            }
            return new Answer(ByteBuffer.wrap(data).getInt() & 0xFFFFFFFFL, Arrays.copyOfRange(data, 4, 8));
        }

        @Override
        public byte[] mac1() {
            return mac1.clone();
        }
    }
}
