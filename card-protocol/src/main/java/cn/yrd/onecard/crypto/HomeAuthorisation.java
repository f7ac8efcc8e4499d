package cn.yrd.onecard.crypto;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Hex;

/**
 * A home city's word on one of its insured's claims, or one of its pensioners' payouts and proofs of life: a MAC the
 * home city's medical or pension host computes when it approves the business, carried in the service city's day
 * file, and verified by the clearing centre, which holds every city's authorisation keys
 * ({@link KeyPurpose#MEDICAL_AUTHORISATION}, {@link KeyPurpose#PENSION_AUTHORISATION}). A service city cannot
 * raise what a home city's fund owes it, nor invent a claim or payout, without the home city's key.
 *
 * <p>HMAC-SHA256 under the home city's key over the record's fields as the host knew them (everything but the counter's
 * clock and the MAC itself: the business's id, card, cities, the counter, the kind and the amounts), the first 8 bytes
 * in upper-case hex. The id is the home host's own and unique, so an authorisation fits one record only.
 */
public final class HomeAuthorisation {
    private final KeyPurpose purpose;
    private final Function<City, byte[]> keys;

    private HomeAuthorisation(KeyPurpose purpose, Function<City, byte[]> keys) {
        this.purpose = purpose;
        this.keys = keys;
    }

    /** Claims, under the cities' medical authorisation keys ({@code keys}: a city's, or all for the centre). */
    public static HomeAuthorisation medical(Function<City, byte[]> keys) {
        return new HomeAuthorisation(KeyPurpose.MEDICAL_AUTHORISATION, keys);
    }

    /** Payouts and proofs of life, under the cities' pension authorisation keys. */
    public static HomeAuthorisation pension(Function<City, byte[]> keys) {
        return new HomeAuthorisation(KeyPurpose.PENSION_AUTHORISATION, keys);
    }

    /** The home city's MAC of {@code c}; its time and its own authorisation take no part. */
    public String of(MedicalClaim c) {
        require(KeyPurpose.MEDICAL_AUTHORISATION);
        return mac(c.homeCity(), String.join("|", "MEDICAL", c.claimId(), c.cardNumber(), c.homeCity().code(),
                c.serviceCity().code(), c.hospitalId(), c.kind().name(), c.care().code(), Long.toString(c.total()),
                Long.toString(c.fundPaid()),
                Long.toString(c.selfPaid())));
    }

    /** The home city's MAC of {@code p}; its time and its own authorisation take no part. */
    public String of(PensionPayout p) {
        require(KeyPurpose.PENSION_AUTHORISATION);
        return mac(p.homeCity(), String.join("|", "PENSION", p.payoutId(), p.cardNumber(), p.homeCity().code(),
                p.serviceCity().code(), p.agentId(), p.kind().name(), Long.toString(p.amount())));
    }

    /** Whether {@code c} carries its home city's authorisation. */
    public boolean verifies(MedicalClaim c) {
        return !c.authorisation().isEmpty() && equal(of(c), c.authorisation());
    }

    /** Whether {@code p} carries its home city's authorisation. */
    public boolean verifies(PensionPayout p) {
        return !p.authorisation().isEmpty() && equal(of(p), p.authorisation());
    }

    private static boolean equal(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }

    private void require(KeyPurpose kind) {
        if (purpose != kind) {
            throw new IllegalStateException("these are " + purpose.name().toLowerCase() + " keys");
        }
    }

    private String mac(City home, String message) {
        byte[] key = keys.apply(home);
        if (key == null) {
            throw new IllegalArgumentException("no " + purpose.name().toLowerCase() + " key of " + home);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Hex.encodeHexString(Arrays.copyOf(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)), 8), false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Only {@code city}'s key of {@code store}: a home host holds its own city's, and answers for no other. */
    public static Function<City, byte[]> only(City city, CityKeyStore store, KeyPurpose purpose) {
        byte[] key = store.key(purpose, city);
        return c -> {
            if (!c.equals(city)) {
                throw new IllegalArgumentException("this host holds the " + purpose.name().toLowerCase()
                        + " key of " + city + " only, not of " + c);
            }
            return key.clone();
        };
    }

    @Override
    public String toString() {
        return "HomeAuthorisation[" + purpose + ", keys redacted]";
    }
}
