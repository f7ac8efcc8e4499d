package cn.yrd.onecard.settlement.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The settlement service's own keystore (PKCS#12, password {@code ONECARD_KEYSTORE_PASSWORD}): the balance API's
 * {@value #QUERY_SECRET} key and the {@value #HOTLIST_SIGNING} key pair (ECDSA P-256) the centre signs hotlists
 * with. Keys are read from it, never printed.
 */
public final class SettlementKeystore {
    public static final String QUERY_SECRET = "query-secret";
    public static final String HOTLIST_SIGNING = "hotlist-signing";

    private SettlementKeystore() {
    }

    public static KeyStore load(Path file, char[] password) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("keystore " + file + " does not exist (./onecard settle keystore --out " + file + ")");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException("keystore " + file + " cannot be read (wrong password or not PKCS#12)", e);
        }
    }

    /** Writes a keystore with fresh keys (development and demos; production keys come from a key ceremony). */
    public static void generate(Path file, char[] password, SecureRandom random) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, password);
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            byte[] secret = new byte[16];
            random.nextBytes(secret);
            // A 16-byte DESede entry, the form PKCS#12 keeps a raw secret in; used as an HMAC key.
            ks.setEntry(QUERY_SECRET, new KeyStore.SecretKeyEntry(new SecretKeySpec(secret, "DESede")), protection);
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = g.generateKeyPair();
            ks.setEntry(HOTLIST_SIGNING, new KeyStore.PrivateKeyEntry(pair.getPrivate(),
                    new X509Certificate[] {selfSigned(pair)}), protection);
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, password);
            }
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException("cannot create keystore " + file + ": " + e.getMessage(), e);
        }
    }

    /** PKCS#12 keeps a private key only with a certificate: the centre's own, self-signed, ten years. */
    private static X509Certificate selfSigned(KeyPair pair) throws GeneralSecurityException,
            org.bouncycastle.operator.OperatorCreationException {
        X500Name name = new X500Name("CN=Yangtze River Delta clearing centre, OU=hotlist");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.getEpochSecond()), Date.from(now),
                Date.from(now.plus(3650, ChronoUnit.DAYS)), name, pair.getPublic());
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }
}
