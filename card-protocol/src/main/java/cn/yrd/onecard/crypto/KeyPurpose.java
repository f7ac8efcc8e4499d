package cn.yrd.onecard.crypto;

import cn.yrd.onecard.city.City;
import java.util.Locale;

/**
 * The city master keys of the profile. PSAMs hold PURCHASE (and MAINTENANCE, for blocking cards), issuing
 * hosts hold LOAD, the clearing centre holds TAC. Each lives in a keystore under {@link #alias(City)}.
 */
public enum KeyPurpose {
    PURCHASE,
    LOAD,
    TAC,
    /** The application maintenance key: MACs APPLICATION BLOCK and other secure-messaging commands. */
    MAINTENANCE;

    /** The keystore alias, e.g. {@code tac-3205}. */
    public String alias(City city) {
        return name().toLowerCase(Locale.ROOT) + "-" + city.code();
    }
}
