package cn.yrd.onecard.purse;

import cn.yrd.onecard.crypto.CardAlgorithm;
import java.nio.ByteBuffer;

/**
 * The purse's answer to INITIALIZE FOR LOAD: old balance(4) online ATC(2) key version(1) alg id(1) random(4) MAC1(4),
 * the MAC1 for the load host to check before it answers MAC2.
 */
public record LoadInit(long balance, int onlineAtc, int keyVersion, CardAlgorithm algorithm, byte[] random,
        byte[] mac1) {
    private static final int LENGTH = 16;

    public LoadInit {
        CommandFields.fourBytes("balance", balance);
        random = CommandFields.fixed("the card's random", random, 4);
        mac1 = CommandFields.fixed("MAC1", mac1, 4);
    }

    public byte[] encode() {
        return ByteBuffer.allocate(LENGTH).putInt((int) balance).putShort((short) onlineAtc).put((byte) keyVersion)
                .put((byte) algorithm.id()).put(random).put(mac1).array();
    }

    /** The terminal reading the answer. */
    public static LoadInit parse(byte[] data) {
        CommandFields.answer("INITIALIZE FOR LOAD", data, LENGTH);
        ByteBuffer d = ByteBuffer.wrap(data);
        long balance = CommandFields.unsigned(d);
        int atc = d.getShort() & 0xFFFF;
        int keyVersion = d.get() & 0xFF;
        CardAlgorithm alg = CardAlgorithm.ofId(d.get() & 0xFF);
        return new LoadInit(balance, atc, keyVersion, alg, CommandFields.take(d, 4), CommandFields.take(d, 4));
    }

    @Override
    public byte[] random() {
        return random.clone();
    }

    @Override
    public byte[] mac1() {
        return mac1.clone();
    }
}
