package cn.yrd.onecard.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Our SM4 profile (algorithm id 04), documented in docs/crypto.md: {@code DK = SM4_MK(S ‖ ~S)}; a session
 * key is SM4 under the card key of the 8 input bytes padded {@code 80 00…} to 16; MACs are SM4 CBC-MACs
 * (first 4 bytes); the TAC is MACed under the card's TAC key itself.
 */
final class Sm4Profile extends Profile {
    private final SM4Engine sm4 = new SM4Engine();

    @Override
    BlockCipher masterEngine(byte[] masterKey) {
        checkKey(masterKey, KEY_LENGTH, "master key");
        SM4Engine engine = new SM4Engine();
        engine.init(true, new KeyParameter(masterKey));
        return engine;
    }

    @Override
    byte[] diversify(BlockCipher master, byte[] serial) {
        checkKey(serial, 8, "card serial");
        byte[] block = Arrays.copyOf(serial, 16);
        System.arraycopy(not(serial), 0, block, 8, 8);
        byte[] out = new byte[16];
        master.processBlock(block, 0, out, 0);
        return out;
    }

    @Override
    byte[] sessionKey(byte[] cardKey, byte[] input) {
        checkKey(cardKey, KEY_LENGTH, "card key");
        byte[] block = Arrays.copyOf(input, 16);
        block[input.length] = (byte) 0x80;
        sm4.init(true, new KeyParameter(cardKey));
        byte[] out = new byte[16];
        sm4.processBlock(block, 0, out, 0);
        return out;
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
        return Arrays.copyOf(cbc(sm4, new byte[16], msg, length), 4);
    }

    @Override
    byte[] secureMessagingMac(byte[] cardKey, byte[] challenge, byte[] msg) {
        checkKey(cardKey, KEY_LENGTH, "card key");
        sm4.init(true, new KeyParameter(cardKey));
        return Arrays.copyOf(cbc(sm4, challenge, msg, msg.length), 4);
    }
}
