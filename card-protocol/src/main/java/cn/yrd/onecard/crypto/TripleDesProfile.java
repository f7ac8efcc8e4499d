package cn.yrd.onecard.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The published profile (algorithm id 00): {@code DK = 3DES_MK(S) ‖ 3DES_MK(~S)}, session keys by two-key
 * 3DES-EDE, MACs by single-DES CBC-MAC, the TAC under {@code DTK_L xor DTK_R}, secure messaging by the
 * ISO 9797-1 MAC algorithm 3 ("retail MAC") under the 16-byte card key.
 */
final class TripleDesProfile extends Profile {
    private final DESedeEngine tdes = new DESedeEngine();
    private final DESEngine des = new DESEngine();
    private final DESEngine desDecrypt = new DESEngine();

    @Override
    BlockCipher masterEngine(byte[] masterKey) {
        checkKey(masterKey, KEY_LENGTH, "master key");
        DESedeEngine engine = new DESedeEngine();
        engine.init(true, new KeyParameter(masterKey));
        return engine;
    }

    @Override
    byte[] diversify(BlockCipher master, byte[] serial) {
        checkKey(serial, 8, "card serial");
        byte[] out = new byte[16];
        master.processBlock(serial, 0, out, 0);
        master.processBlock(not(serial), 0, out, 8);
        return out;
    }

    @Override
    byte[] sessionKey(byte[] cardKey, byte[] input) {
        checkKey(cardKey, KEY_LENGTH, "card key");
        tdes.init(true, new KeyParameter(cardKey));
        byte[] out = new byte[8];
        tdes.processBlock(input, 0, out, 0);
        return out;
    }

    @Override
    byte[] tacKey(byte[] dtk) {
        checkKey(dtk, KEY_LENGTH, "TAC key");
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (dtk[i] ^ dtk[i + 8]);
        }
        return out;
    }

    @Override
    byte[] mac(byte[] key, byte[] msg, int length) {
        checkKey(key, 8, "DES MAC key");
        des.init(true, new KeyParameter(key));
        return Arrays.copyOf(cbc(des, new byte[8], msg, length), 4);
    }

    @Override
    byte[] secureMessagingMac(byte[] cardKey, byte[] challenge, byte[] msg) {
        checkKey(cardKey, KEY_LENGTH, "card key");
        des.init(true, new KeyParameter(cardKey, 0, 8));
        byte[] state = cbc(des, challenge, msg, msg.length);
        desDecrypt.init(false, new KeyParameter(cardKey, 8, 8));
        desDecrypt.processBlock(state, 0, state, 0);
        des.processBlock(state, 0, state, 0);
        return Arrays.copyOf(state, 4);
    }
}
