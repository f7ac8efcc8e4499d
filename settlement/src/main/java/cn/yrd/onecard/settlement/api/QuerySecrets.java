package cn.yrd.onecard.settlement.api;

import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.settlement.keys.SettlementKeystore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The per-card query secret a kiosk prints for citizens: 12 digits, HMAC-SHA256 of the card serial under the
 * centre's {@code query-secret} key (keystore {@code onecard.settlement.keystore}, password from
 * {@code ONECARD_KEYSTORE_PASSWORD}). Nothing per card is stored, so there is no table of secrets to leak.
 */
@Component
public class QuerySecrets {
    public static final String ALIAS = SettlementKeystore.QUERY_SECRET;

    private final Path keystore;
    private final char[] password;
    private volatile SecretKeySpec key;
    /** One initialised Mac per thread: looking up the provider and keying a Mac costs more than the HMAC. */
    private final ThreadLocal<Mac> mac = ThreadLocal.withInitial(this::newMac);

    QuerySecrets(@Value("${onecard.settlement.keystore}") String keystore,
            @Value("${ONECARD_KEYSTORE_PASSWORD:}") String password) {
        this.keystore = Path.of(keystore);
        this.password = password.toCharArray();
    }

    /** Opens the keystore now rather than at the first lookup, so a service does not start without its key. */
    public void open() throws IOException {
        if (key == null) {
            key = new SecretKeySpec(CityKeyStore.load(keystore, password).keyByAlias(ALIAS), "HmacSHA256");
        }
    }

    private Mac newMac() {
        try {
            open();
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The query secret of {@code serial}. */
    public String of(String serial) {
        byte[] h = mac.get().doFinal(serial.getBytes(StandardCharsets.US_ASCII));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        String digits = Long.toString(Long.remainderUnsigned(v, 1_000_000_000_000L));
        return "0".repeat(12 - digits.length()) + digits;
    }

    /** Whether {@code secret} is {@code serial}'s, compared in constant time. */
    public boolean matches(String serial, String secret) {
        return secret != null && MessageDigest.isEqual(of(serial).getBytes(StandardCharsets.US_ASCII),
                secret.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "QuerySecrets[key hidden]";
    }
}
