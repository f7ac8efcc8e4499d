package cn.yrd.onecard.clearing.load;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The cities' TAC master keys: the clearing centre is the only holder. From the PKCS#12 keystore of
 * {@code onecard.clearing.keystore}, its password from {@code ONECARD_KEYSTORE_PASSWORD} (no default); opened on first
 * use, never logged.
 */
@Component
class TacKeys {
    private final Path keystore;
    private final String password;
    private CityKeyStore store;

    public TacKeys(@Value("${onecard.clearing.keystore:}") String keystore,
            @Value("${ONECARD_KEYSTORE_PASSWORD:}") String password) {
        this.keystore = keystore.isBlank() ? null : Path.of(keystore);
        this.password = password;
    }

    public synchronized Function<City, byte[]> tacMasterKeys() {
        if (store == null) {
            if (keystore == null) {
                throw new IllegalStateException("no TAC keys: set onecard.clearing.keystore (--keystore FILE)");
            }
            if (password.isEmpty()) {
                throw new IllegalStateException("no keystore password: set ONECARD_KEYSTORE_PASSWORD");
            }
            try {
                store = CityKeyStore.load(keystore, password.toCharArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return store.keys(KeyPurpose.TAC);
    }

    @Override
    public String toString() {
        return "TacKeys[" + keystore + "]";
    }
}
