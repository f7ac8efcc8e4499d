package cn.yrd.onecard.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardSerial;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.NumericChars;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.macs.ISO9797Alg3Mac;
import org.bouncycastle.crypto.paddings.ISO7816d4Padding;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Our 3DES profile against independent implementations: the JDK's SunJCE DES and DESede, and
 * BouncyCastle's ISO 9797-1 algorithm 3 MAC.
 */
class CryptoOracleTest {

    @Property(tries = 1000)
    void desEncryptsAndDecryptsLikeSunJce(@ForAll @Size(8) byte[] key, @ForAll @Size(8) byte[] block)
            throws Exception {
        Cipher jce = Cipher.getInstance("DES/ECB/NoPadding");
        jce.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
        long expected = Des.load(jce.doFinal(block), 0);
        int[] schedule = new int[Des.SCHEDULE_LENGTH];
        Des.schedule(key, 0, schedule);
        long encrypted = Des.encrypt(schedule, Des.load(block, 0));
        assertThat(encrypted).isEqualTo(expected);
        assertThat(Des.decrypt(schedule, encrypted)).isEqualTo(Des.load(block, 0));
    }

    @Property(tries = 300)
    void diversificationIsTwoDesedeBlocksOfSerialAndComplement(@ForAll @Size(16) byte[] master,
            @ForAll @StringLength(16) @NumericChars String serialDigits) throws Exception {
        CardSerial serial = CardSerial.of(serialDigits);
        Cipher jce = Cipher.getInstance("DESede/ECB/NoPadding");
        jce.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(threeKey(master), "DESede"));
        byte[] s = serial.bytes();
        byte[] notS = new byte[8];
        for (int i = 0; i < 8; i++) {
            notS[i] = (byte) ~s[i];
        }
        byte[] expected = concat(jce.doFinal(s), jce.doFinal(notS));
        assertThat(new CardCrypto(CardAlgorithm.TRIPLE_DES).diversify(master, serial)).isEqualTo(expected);
    }

    @Property(tries = 300)
    void desMacIsTheLastCbcBlockOverIsoPaddedData(@ForAll @Size(8) byte[] key,
            @ForAll @Size(max = 40) byte[] msg) throws Exception {
        int padded = (msg.length / 8 + 1) * 8;
        byte[] data = Arrays.copyOf(msg, padded);
        data[msg.length] = (byte) 0x80;
        Cipher jce = Cipher.getInstance("DES/CBC/NoPadding");
        jce.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"), new IvParameterSpec(new byte[8]));
        byte[] cbc = jce.doFinal(data);
        byte[] expected = Arrays.copyOfRange(cbc, padded - 8, padded - 4);
        assertThat(new TripleDesProfile().mac(key, msg, msg.length)).isEqualTo(expected);
    }

    @Property(tries = 200)
    void secureMessagingMacIsTheIso9797RetailMac(@ForAll @Size(16) byte[] key, @ForAll @Size(4) byte[] challenge,
            @ForAll @Size(min = 1, max = 40) byte[] command) {
        ISO9797Alg3Mac mac = new ISO9797Alg3Mac(new DESEngine(), 64, new ISO7816d4Padding());
        mac.init(new ParametersWithIV(new KeyParameter(key), Arrays.copyOf(challenge, 8)));
        mac.update(command, 0, command.length);
        byte[] full = new byte[8];
        mac.doFinal(full, 0);
        // BouncyCastle pads only when the data is not already whole blocks; the profile always pads.
        if (command.length % 8 != 0) {
            assertThat(new CardCrypto(CardAlgorithm.TRIPLE_DES).secureMessagingMac(key, challenge, command))
                    .isEqualTo(Arrays.copyOf(full, 4));
        }
    }

    private static byte[] threeKey(byte[] k16) {
        return concat(k16, Arrays.copyOf(k16, 8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
