package cn.yrd.onecard.clearing.load;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The cities' TAC master keys: the clearing centre is the only holder. From the PKCS#12 keystore the night names
 * ({@link NightInputs}: {@code --keystore}, its password from {@code ONECARD_KEYSTORE_PASSWORD}, no default);
 * opened on first use and kept while the nights name the same keystore and password, never logged.
 */
@Component
class TacKeys {
    private final NightInputs night;
    private List<String> openedWith;
    private CityKeyStore store;

    TacKeys(NightInputs night) {
        this.night = night;
    }

    public synchronized Function<City, byte[]> tacMasterKeys() {
        NightInputs.Inputs inputs = night.get();
        List<String> asked = List.of(inputs.keystore(), inputs.password());
        if (store == null || !asked.equals(openedWith)) {
            if (inputs.keystore().isBlank()) {
                throw new IllegalStateException("no TAC keys: set onecard.clearing.keystore (--keystore FILE)");
            }
            if (inputs.password().isEmpty()) {
                throw new IllegalStateException("no keystore password: set ONECARD_KEYSTORE_PASSWORD");
            }
            try {
                store = CityKeyStore.load(Path.of(inputs.keystore()), inputs.password().toCharArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            openedWith = asked;
        }
        return store.keys(KeyPurpose.TAC);
    }

    @Override
    public String toString() {
        return "TacKeys[" + night.get().keystore() + "]";
    }
}
