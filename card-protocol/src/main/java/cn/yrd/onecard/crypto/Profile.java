package cn.yrd.onecard.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;

/**
 * The primitives that differ between the 3DES and the SM4 profile. Instances hold cipher engines and
 * buffers, so each belongs to one thread. Engines come from BouncyCastle's lightweight API: they are
 * table-driven, keyed without a provider lookup, and never created per record.
 */
abstract class Profile {
    static final int KEY_LENGTH = 16;

    /** An engine keyed with a 16-byte master key, ready to diversify many cards. */
    abstract BlockCipher masterEngine(byte[] masterKey);

    /** The card key for {@code serial} (8 bytes) from a {@link #masterEngine}. */
    abstract byte[] diversify(BlockCipher master, byte[] serial);

    /** A session key from a card key and the 8 bytes of session input. */
    abstract byte[] sessionKey(byte[] cardKey, byte[] input);

    /** The key that MACs the TAC, from the card's TAC key. */
    abstract byte[] tacKey(byte[] dtk);

    /** The first 4 bytes of the CBC-MAC of {@code msg[0..length)} under a session or TAC key, IV zero. */
    abstract byte[] mac(byte[] key, byte[] msg, int length);

    /** The secure-messaging MAC under a 16-byte card key, IV = challenge padded with zeros. */
    abstract byte[] secureMessagingMac(byte[] cardKey, byte[] challenge, byte[] msg);

    static void checkKey(byte[] key, int length, String what) {
        if (key == null || key.length != length) {
            // The length only: a key's bytes never go into a message.
            throw new IllegalArgumentException(what + " must be " + length + " bytes, got "
                    + (key == null ? "none" : key.length));
        }
    }

    static byte[] not(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) ~b[i];
        }
        return out;
    }

    /**
     * CBC over {@code msg} padded with {@code 80 00…} to whole blocks (a full block gets a padding
     * block), starting from {@code iv}; returns the last block.
     */
    static byte[] cbc(BlockCipher engine, byte[] iv, byte[] msg, int length) {
        int bs = engine.getBlockSize();
        byte[] state = Arrays.copyOf(iv, bs);
        int padded = (length / bs + 1) * bs;
        for (int block = 0; block < padded; block += bs) {
            for (int i = 0; i < bs; i++) {
                int at = block + i;
                int b = at < length ? msg[at] : at == length ? 0x80 : 0;
                state[i] ^= (byte) b;
            }
            engine.processBlock(state, 0, state, 0);
        }
        return state;
    }
}
