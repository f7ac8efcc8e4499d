package cn.yrd.onecard.purse;

import cn.yrd.onecard.crypto.CardAlgorithm;
import java.nio.ByteBuffer;

/**
 * The purse's answer to INITIALIZE FOR (CAPP) PURCHASE: balance(4) offline ATC(2) overdraft limit(3) key version(1)
 * alg id(1) random(4). This profile's purses have no overdraft: the limit is 0.
 */
public record PurchaseInit(long balance, int offlineAtc, int keyVersion, CardAlgorithm algorithm, byte[] random) {
    private static final int LENGTH = 15;

    public PurchaseInit {
        CommandFields.fourBytes("balance", balance);
        random = CommandFields.fixed("the card's random", random, 4);
    }

    public byte[] encode() {
        return ByteBuffer.allocate(LENGTH).putInt((int) balance).putShort((short) offlineAtc).put(new byte[3])
                .put((byte) keyVersion).put((byte) algorithm.id()).put(random).array();
    }

    /** The terminal reading the answer. */
    public static PurchaseInit parse(byte[] data) {
        CommandFields.answer("INITIALIZE FOR PURCHASE", data, LENGTH);
        ByteBuffer d = ByteBuffer.wrap(data);
        long balance = CommandFields.unsigned(d);
        int atc = d.getShort() & 0xFFFF;
        d.position(d.position() + 3);
        int keyVersion = d.get() & 0xFF;
        CardAlgorithm alg = CardAlgorithm.ofId(d.get() & 0xFF);
        return new PurchaseInit(balance, atc, keyVersion, alg, CommandFields.take(d, 4));
    }

    @Override
    public byte[] random() {
        return random.clone();
    }
}
