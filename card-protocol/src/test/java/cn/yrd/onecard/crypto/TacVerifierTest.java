package cn.yrd.onecard.crypto;

import static cn.yrd.onecard.TestHex.hex;
import static cn.yrd.onecard.TestHex.hexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TacVerifierTest {
    private final City suzhou = Cities.byCode("3205");
    private final City hangzhou = Cities.byCode("3301");
    private final Map<City, byte[]> tacMasters = new HashMap<>(Map.of(
            suzhou, hex("000102030405060708090A0B0C0D0E0F"),
            hangzhou, hex("F0E0D0C0B0A090807060504030201000")));
    private final CardSerial serial = CardSerial.of("3205000012345678");
    private final Purchase ride = new Purchase(300, 0x06, "0000AB12CD34", 99, LocalDateTime.of(2026, 11, 23, 7, 45));

    @Test
    void acceptsTheTacTheCardComputedAndNothingElse() {
        for (CardAlgorithm alg : CardAlgorithm.values()) {
            CardCrypto card = new CardCrypto(alg);
            byte[] tac = card.purchaseTac(card.diversify(tacMasters.get(suzhou), serial), ride);
            TacVerifier verifier = new TacVerifier(tacMasters::get);

            assertThat(verifier.verifyPurchase(suzhou, alg, serial, ride, tac)).isTrue();
            assertThat(verifier.verifyPurchase(hangzhou, alg, serial, ride, tac)).as("other city's key").isFalse();
            assertThat(verifier.verifyPurchase(suzhou, alg, CardSerial.of("3205000012345679"), ride, tac))
                    .as("other card").isFalse();
            Purchase forged = new Purchase(30, ride.type(), ride.terminalNo(), ride.ttc(), ride.time());
            assertThat(verifier.verifyPurchase(suzhou, alg, serial, forged, tac)).as("changed amount").isFalse();
            tac[3] ^= 1;
            assertThat(verifier.verifyPurchase(suzhou, alg, serial, ride, tac)).as("flipped bit").isFalse();
        }
    }

    @Test
    void verifiesLoads() {
        CardCrypto card = new CardCrypto(CardAlgorithm.TRIPLE_DES);
        Load load = new Load(5000, 0x02, "000000000077", LocalDateTime.of(2026, 11, 23, 12, 0));
        byte[] tac = card.loadTac(card.diversify(tacMasters.get(hangzhou), serial), 7000, 3, load);
        TacVerifier verifier = new TacVerifier(tacMasters::get);
        assertThat(verifier.verifyLoad(hangzhou, CardAlgorithm.TRIPLE_DES, serial, 7000, 3, load, tac)).isTrue();
        assertThat(verifier.verifyLoad(hangzhou, CardAlgorithm.TRIPLE_DES, serial, 7000, 4, load, tac)).isFalse();
    }

    @Test
    void aCityWithoutAKeyIsNamed() {
        TacVerifier verifier = new TacVerifier(tacMasters::get);
        assertThatThrownBy(() -> verifier.verifyPurchase(Cities.byCode("3100"), CardAlgorithm.TRIPLE_DES, serial,
                ride, new byte[4])).hasMessage("no TAC master key for Shanghai (3100)");
    }
}
