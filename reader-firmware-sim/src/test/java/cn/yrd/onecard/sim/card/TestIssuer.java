package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.TestHex;
import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.HolderInfo;
import cn.yrd.onecard.card.InsuredPerson;
import cn.yrd.onecard.card.SocialSecurityCard;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.KeyPurpose;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** Master keys for the 16 cities (seeded, test only) and cards and PSAMs issued from them. */
public final class TestIssuer {
    final Map<KeyPurpose, Map<City, byte[]>> masters = new EnumMap<>(KeyPurpose.class);
    final Random random = new Random(20261123);

    public TestIssuer() {
        for (KeyPurpose p : KeyPurpose.values()) {
            Map<City, byte[]> keys = new HashMap<>();
            for (City c : Cities.all()) {
                byte[] k = new byte[16];
                random.nextBytes(k);
                keys.put(c, k);
            }
            masters.put(p, keys);
        }
    }

    public byte[] master(KeyPurpose p, City c) {
        return masters.get(p).get(c);
    }

    public CardSpec spec(String cityCode, String serialDigits, long balance, CardAlgorithm alg, boolean citizen) {
        City city = Cities.byCode(cityCode);
        CardSerial serial = CardSerial.of(serialDigits);
        PurseKeys keys = PurseKeys.diversified(alg, 1, serial, master(KeyPurpose.PURCHASE, city),
                master(KeyPurpose.LOAD, city), master(KeyPurpose.TAC, city), master(KeyPurpose.MAINTENANCE, city));
        CardSpec.Citizen c = citizen ? CardSpec.Citizen.personalised(
                new SocialSecurityCard(cityCode + "00D156000005" + "0123456789ABCDEF", LocalDate.of(2024, 1, 1),
                        LocalDate.of(2034, 1, 1), "A12345678"),
                new InsuredPerson("310101195001011234", "王芳", '2', 1, LocalDate.of(1950, 1, 1)), "123456",
                master(KeyPurpose.PIN_RELOAD, city)) : null;
        return new CardSpec(city, CardType.NORMAL, cityCode + serialDigits, LocalDate.of(2024, 1, 1),
                LocalDate.of(2034, 12, 31), new HolderInfo(CardType.NORMAL, false, "王芳", "310101195001011234", 0),
                balance, keys, c);
    }

    public CardOs card(String cityCode, String serialDigits, long balance) {
        return powered(SimCards.issue(spec(cityCode, serialDigits, balance, CardAlgorithm.TRIPLE_DES, false),
                new Random(1)));
    }

    /** A PSAM, powered and with its T-Union ADF selected, as a terminal leaves it after start-up. */
    public CardOs psam(String terminalNo) {
        return psamWithout(terminalNo, null);
    }

    /** A PSAM as {@link #psam}, but provisioned without the purchase key of the city {@code cityCode}. */
    public CardOs psamWithout(String terminalNo, String cityCode) {
        Map<City, byte[]> purchase = new HashMap<>(masters.get(KeyPurpose.PURCHASE));
        if (cityCode != null) {
            purchase.remove(Cities.byCode(cityCode));
        }
        CardOs psam = powered(SimCards.psam(PsamSpec.of(terminalNo, purchase, masters.get(KeyPurpose.MAINTENANCE))));
        if (!send(psam, "00A40000028011").isOk()) {
            throw new IllegalStateException("PSAM refused SELECT 8011");
        }
        return psam;
    }

    static CardOs powered(CardOs card) {
        card.powerOn();
        return card;
    }

    /** Sends a command given in hex and returns the response. */
    static ResponseApdu send(SimulatedCard card, String hex) {
        return ResponseApdu.parse(card.transmit(TestHex.hex(hex.replace(" ", ""))));
    }

    static ResponseApdu send(SimulatedCard card, byte[] command) {
        return ResponseApdu.parse(card.transmit(command));
    }
}
