package cn.yrd.onecard.crypto;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.City;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Re-verifies TACs at the clearing centre, the only holder of the cities' TAC master keys. Each city's
 * master key is keyed into an engine once; a verification then costs the card's diversification and one
 * MAC. Not thread-safe: one per worker thread.
 */
public final class TacVerifier {
    private final Function<City, byte[]> tacMasterKeys;
    private final Map<CardAlgorithm, CardCrypto> crypto = new EnumMap<>(CardAlgorithm.class);
    private final Map<CardAlgorithm, Map<City, CardKeyDiversifier>> diversifiers = new EnumMap<>(CardAlgorithm.class);

    /** @param tacMasterKeys the TAC master key of a city, e.g. from {@code cityKeyStore.keys(KeyPurpose.TAC)} */
    public TacVerifier(Function<City, byte[]> tacMasterKeys) {
        this.tacMasterKeys = tacMasterKeys;
    }

    public boolean verifyPurchase(City issuer, CardAlgorithm algorithm, CardSerial serial, Purchase purchase,
            byte[] tac) {
        byte[] dtk = diversifier(issuer, algorithm).cardKey(serial);
        return MessageDigest.isEqual(crypto(algorithm).purchaseTac(dtk, purchase), tac);
    }

    public boolean verifyLoad(City issuer, CardAlgorithm algorithm, CardSerial serial, long newBalance,
            int onlineAtc, Load load, byte[] tac) {
        byte[] dtk = diversifier(issuer, algorithm).cardKey(serial);
        return MessageDigest.isEqual(crypto(algorithm).loadTac(dtk, newBalance, onlineAtc, load), tac);
    }

    private CardCrypto crypto(CardAlgorithm algorithm) {
        return crypto.computeIfAbsent(algorithm, CardCrypto::new);
    }

    private CardKeyDiversifier diversifier(City city, CardAlgorithm algorithm) {
        return diversifiers.computeIfAbsent(algorithm, a -> new HashMap<>())
                .computeIfAbsent(city, c -> {
                    byte[] master = tacMasterKeys.apply(c);
                    if (master == null) {
                        throw new IllegalArgumentException("no TAC master key for " + c);
                    }
                    return new CardKeyDiversifier(algorithm, master);
                });
    }

    @Override
    public String toString() {
        return "TacVerifier[keys redacted]";
    }
}
