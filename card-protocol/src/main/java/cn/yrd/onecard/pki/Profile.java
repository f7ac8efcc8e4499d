package cn.yrd.onecard.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.Security;
import java.util.Locale;
import java.util.Optional;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The algorithms of a region's PKI, chosen when the bridge is made and the same for every authority of the folder:
 * ECDSA on P-256 with SHA-256 (the JDK's own providers, its PKIX), or SM2 with SM3 as Chinese cities require (GM/T
 * 0015; the JDK knows neither the curve nor the signature, so Bouncy Castle's provider parses, signs, keeps the
 * keystores and runs the same PKIX algorithm behind the same JCA interfaces).
 */
public enum Profile {
    ECDSA("secp256r1", "SHA256withECDSA", null),
    SM2("sm2p256v1", "SM3withSM2", BouncyCastle.PROVIDER);

    final String curve;
    final String signature;
    private final Provider provider;

    Profile(String curve, String signature, Provider provider) {
        this.curve = curve;
        this.signature = signature;
        this.provider = provider;
    }

    /** The provider of every operation of this profile, or empty for the JDK's defaults. */
    Optional<Provider> provider() {
        return Optional.ofNullable(provider);
    }

    /** A new key pair on the profile's curve: an authority's, or a holder's that keeps its own. */
    public KeyPair keyPair(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = provider != null ? KeyPairGenerator.getInstance("EC", provider)
                : KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve), random);
        return generator.generateKeyPair();
    }

    /** A PKCS#12 keystore that reads the profile's keys back. */
    KeyStore keyStore() throws GeneralSecurityException {
        return provider != null ? KeyStore.getInstance("PKCS12", provider) : KeyStore.getInstance("PKCS12");
    }

    /** PKIX path validation of the profile's provider. */
    CertPathValidator pathValidator() throws GeneralSecurityException {
        return provider != null ? CertPathValidator.getInstance("PKIX", provider)
                : CertPathValidator.getInstance("PKIX");
    }

    /** Bouncy Castle's provider, registered once after the JDK's (which stay the defaults). */
    static Provider bouncyCastle() {
        return BouncyCastle.PROVIDER;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Profile> named(String label) {
        for (Profile p : values()) {
            if (p.label().equals(label)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static final class BouncyCastle {
        static final Provider PROVIDER = registered();

        private static Provider registered() {
            Provider known = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
            if (known != null) {
                return known;
            }
            Provider bc = new BouncyCastleProvider();
            Security.addProvider(bc);
            return bc;
        }
    }
}
