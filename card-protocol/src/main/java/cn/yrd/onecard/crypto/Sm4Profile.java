package cn.yrd.onecard.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Our SM4 profile (algorithm id 04), documented in docs/crypto.md: {@code DK = SM4_MK(S ‖ ~S)}; a session
 * key is SM4 under the card key of the 8 input bytes padded {@code 80 00…} to 16; MACs are SM4 CBC-MACs
 * (first 4 bytes); the TAC is MACed under the card's TAC key itself. SM4 is BouncyCastle's engine.
 */
final class Sm4Profile extends Profile {
    private final SM4Engine sm4 = new SM4Engine();

    @Override
    MasterKey master(byte[] masterKey) {
        checkKey(masterKey, KEY_LENGTH, "master key");
        SM4Engine engine = new SM4Engine();
        engine.init(true, new KeyParameter(masterKey));
        return serial -> {
            checkKey(serial, 8, "card serial");
            byte[] block = Arrays.copyOf(serial, 16);
            for (int i = 0; i < 8; i++) {
                block[8 + i] = (byte) ~serial[i];
            }
            engine.processBlock(block, 0, block, 0);
            return block;
        };
    }

    @Override
    byte[] sessionKey(byte[] cardKey, byte[] input) {
        checkKey(cardKey, KEY_LENGTH, "card key");
        byte[] block = Arrays.copyOf(input, 16);
        block[input.length] = (byte) 0x80;
        sm4.init(true, new KeyParameter(cardKey));
        sm4.processBlock(block, 0, block, 0);
        return block;
    }

    @Override
    byte[] tacKey(byte[] dtk) {
        checkKey(dtk, KEY_LENGTH, "TAC key");
        return dtk.clone();
    }

    @Override
    byte[] mac(byte[] key, byte[] msg, int length) {
        checkKey(key, KEY_LENGTH, "SM4 MAC key");
        sm4.init(true, new KeyParameter(key));
        return Arrays.copyOf(cbc(new byte[16], msg, length), 4);
    }

    @Override
    byte[] secureMessagingMac(byte[] cardKey, byte[] challenge, byte[] msg) {
        checkKey(cardKey, KEY_LENGTH, "card key");
        sm4.init(true, new KeyParameter(cardKey));
        return Arrays.copyOf(cbc(Arrays.copyOf(challenge, 16), msg, msg.length), 4);
    }

    /** SM4 CBC over the padded message from {@code iv}; the last block. */
    private byte[] cbc(byte[] iv, byte[] msg, int length) {
        byte[] state = iv;
        int padded = paddedLength(length, 16);
        for (int block = 0; block < padded; block += 16) {
            for (int i = 0; i < 16; i++) {
                state[i] ^= (byte) paddedByte(msg, length, block + i);
            }
            sm4.processBlock(state, 0, state, 0);
        }
        return state;
    }
}
