package cn.yrd.onecard.crypto;

import cn.yrd.onecard.city.City;
import java.util.Locale;

/**
 * The city master keys of the profile. PSAMs hold PURCHASE (and MAINTENANCE, for blocking cards), issuing
 * hosts hold LOAD, the clearing centre holds TAC; a home city's medical and pension hosts each hold their city's
 * authorisation key, which the centre holds too. Each lives in a keystore under {@link #alias(City)}.
 */
public enum KeyPurpose {
    PURCHASE,
    LOAD,
    TAC,
    /** The application maintenance key: MACs APPLICATION BLOCK and other secure-messaging commands. */
    MAINTENANCE,
    /** A home city's medical host authorises each claim with it; the centre verifies (docs/social-security.md). */
    MEDICAL_AUTHORISATION,
    /** A home city's pension host authorises each payout and proof of life with it; the centre verifies. */
    PENSION_AUTHORISATION,
    /**
     * The social security application's PIN-reload key (重装PIN), diversified per card: only its home city's host holds
     * the master, and MACs RELOAD PIN with it to unblock a PIN at a counter of any city.
     */
    PIN_RELOAD;

    /** The keystore alias, e.g. {@code tac-3205}, {@code medical_authorisation-3100}. */
    public String alias(City city) {
        return name().toLowerCase(Locale.ROOT) + "-" + city.code();
    }
}
