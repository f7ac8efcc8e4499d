package cn.yrd.onecard.settlement.hotlist;

import cn.yrd.onecard.settlement.keys.SettlementKeystore;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Signs what the centre publishes with the {@code hotlist-signing} key of the settlement keystore (ECDSA P-256,
 * SHA-256): a terminal holding the centre's public key can tell a hotlist came from the centre unaltered.
 */
@Component
class HotlistSigner {
    public static final String ALGORITHM = "SHA256withECDSA";

    private final Path keystore;
    private final char[] password;
    private volatile KeyStore.PrivateKeyEntry entry;

    HotlistSigner(@Value("${onecard.settlement.keystore}") String keystore,
            @Value("${ONECARD_KEYSTORE_PASSWORD:}") String password) {
        this.keystore = Path.of(keystore);
        this.password = password.toCharArray();
    }

    /** The signature of {@code bytes}, base64. */
    public String sign(byte[] bytes) throws IOException {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key().getPrivateKey());
            s.update(bytes);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign the hotlist: " + e.getMessage(), e);
        }
    }

    /** The centre's public key, as terminals are given it (PEM). */
    public String publicKeyPem() throws IOException {
        PublicKey key = key().getCertificate().getPublicKey();
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private KeyStore.PrivateKeyEntry key() throws IOException {
        if (entry == null) {
            try {
                KeyStore ks = SettlementKeystore.load(keystore, password);
                KeyStore.Entry e = ks.getEntry(SettlementKeystore.HOTLIST_SIGNING, new KeyStore.PasswordProtection(password));
                if (!(e instanceof KeyStore.PrivateKeyEntry pk) || !(pk.getPrivateKey() instanceof PrivateKey)) {
                    throw new IOException("keystore " + keystore + " has no '" + SettlementKeystore.HOTLIST_SIGNING
                            + "' key pair");
                }
                entry = pk;
            } catch (GeneralSecurityException e) {
                throw new IOException("keystore " + keystore + ": " + e.getClass().getSimpleName(), e);
            }
        }
        return entry;
    }

    @Override
    public String toString() {
        return "HotlistSigner[key hidden]";
    }
}
