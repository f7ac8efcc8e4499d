package cn.yrd.onecard.crypto;

import static cn.yrd.onecard.TestHex.hex;
import static cn.yrd.onecard.TestHex.hexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.card.CardSerial;
import java.time.LocalDateTime;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** The published check values of the card profile, and the SM4 vector of GB/T 32907. */
class CardCryptoTest {
    static final String KEY = "11223344556677888877665544332211";
    static final String TERMINAL = "001122334455";
    static final long AMOUNT = 0x00001000L;
    static final String RANDOM = "11223344";

    private final CardCrypto des = new CardCrypto(CardAlgorithm.TRIPLE_DES);

    @Test
    void purchaseMatchesThePublishedCheckValues() throws Exception {
        byte[] sespk = des.purchaseSessionKey(hex(KEY), hex(RANDOM), 0x0000, 0x00000001L);
        assertThat(hexOf(sespk)).isEqualTo("003238ABC57659DD");

        Purchase p = new Purchase(AMOUNT, 0x06, TERMINAL, 1, LocalDateTime.of(2012, 2, 29, 13, 51, 0));
        assertThat(hexOf(des.purchaseMac1(sespk, p))).isEqualTo("F15CAB75");
        assertThat(hexOf(des.purchaseMac2(sespk, AMOUNT))).isEqualTo("56988A13");
    }

    @Test
    void loadMatchesThePublishedCheckValues() throws Exception {
        byte[] seslk = des.loadSessionKey(hex(KEY), hex(RANDOM), 0x0000);
        assertThat(hexOf(seslk)).isEqualTo("9B1D924E05595603");

        Load load = new Load(AMOUNT, 0x01, TERMINAL, LocalDateTime.of(2011, 12, 21, 21, 48, 22));
        assertThat(hexOf(des.loadMac1(seslk, 0, load))).isEqualTo("2988AE5A");
        assertThat(hexOf(des.loadMac2(seslk, load))).isEqualTo("3A845BF0");
    }

    @Test
    void sm4EngineMatchesTheGbT32907Vector() throws Exception {
        byte[] key = hex("0123456789ABCDEFFEDCBA9876543210");
        // The profile's diversification encrypts S ‖ ~S: choose S so that block is the standard's plaintext.
        byte[] serial = hex("0123456789ABCDEF");
        assertThat(hexOf(new Sm4Profile().master(key).diversify(serial)))
                .isEqualTo("681EDF34D206965E86B3E94F536E4246");
    }

    @Test
    void sm4ProfileDiversifiesSerialAndItsComplementInOneBlock() throws Exception {
        byte[] master = hex("0123456789ABCDEFFEDCBA9876543210");
        CardSerial serial = CardSerial.of("1234567890123456");
        byte[] expected = new byte[16];
        SM4Engine sm4 = new SM4Engine();
        sm4.init(true, new KeyParameter(master));
        sm4.processBlock(hex("1234567890123456EDCBA9876FEDCBA9"), 0, expected, 0);
        assertThat(new CardCrypto(CardAlgorithm.SM4).diversify(master, serial)).isEqualTo(expected);
    }

    @Test
    void bothProfilesAgreeBetweenCardAndVerifier() {
        for (CardAlgorithm alg : CardAlgorithm.values()) {
            CardCrypto c = new CardCrypto(alg);
            byte[] dtk = c.diversify(hex(KEY), CardSerial.of("0000000000000042"));
            Purchase p = new Purchase(250, 0x09, TERMINAL, 7, LocalDateTime.of(2026, 11, 23, 8, 15, 30));
            byte[] tac = c.purchaseTac(dtk, p);
            assertThat(tac).hasSize(4);
            assertThat(c.purchaseTac(dtk, p)).as("deterministic").isEqualTo(tac);
            Purchase other = new Purchase(251, 0x09, TERMINAL, 7, p.time());
            assertThat(c.purchaseTac(dtk, other)).as("amount is covered").isNotEqualTo(tac);
        }
    }

    @Test
    void wrongKeyLengthsAreRefusedWithoutShowingTheKey() {
        assertThatThrownBy(() -> des.purchaseSessionKey(hex("1122334455667788"), hex(RANDOM), 0, 1))
                .hasMessage("card key must be 16 bytes, got 8");
        assertThatThrownBy(() -> new Purchase(1, 6, "00112233", 1, LocalDateTime.now()))
                .hasMessageContaining("terminal number must be 12 hex digits");
        assertThatThrownBy(() -> new Load(1, 1, "00112233445G", LocalDateTime.now()))
                .hasMessage("terminal number must be 12 hex digits, got '00112233445G'");
        assertThatThrownBy(() -> new Purchase(1, 6, null, 1, LocalDateTime.now()))
                .hasMessage("terminal number must be 12 hex digits, got 'null'");
        assertThatThrownBy(() -> new Purchase(-1, 6, TERMINAL, 1, LocalDateTime.now()))
                .hasMessage("amount -1 is outside 0..4294967295");
    }

    @Test
    void diversifierNeverPrintsItsKey() {
        CardKeyDiversifier d = new CardKeyDiversifier(CardAlgorithm.TRIPLE_DES, hex(KEY));
        assertThat(d.toString()).doesNotContain(KEY).doesNotContain(KEY.toLowerCase()).contains("redacted");
    }
}
