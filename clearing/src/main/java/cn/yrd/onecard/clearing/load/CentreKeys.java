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
 * The centre's keys of the cities: the TAC master keys (the clearing centre is the only holder) and the home cities'
 * medical and pension authorisation keys (each city's hosts hold their own). From the PKCS#12 keystore the night names
 * ({@link NightInputs}: {@code --keystore}, its password from {@code ONECARD_KEYSTORE_PASSWORD}, no default);
 * opened on first use and kept while the nights name the same keystore and password, never logged.
 */
@Component
class CentreKeys {
    private final NightInputs night;
    private List<String> openedWith;
    private CityKeyStore store;

    CentreKeys(NightInputs night) {
        this.night = night;
    }

    /** Every city's key of {@code purpose}; a key the keystore lacks stops the night, naming it. */
    public synchronized Function<City, byte[]> keys(KeyPurpose purpose) {
        NightInputs.Inputs inputs = night.get();
        List<String> asked = List.of(inputs.keystore(), inputs.password());
        if (store == null || !asked.equals(openedWith)) {
            if (inputs.keystore().isBlank()) {
                throw new IllegalStateException("no keys: set onecard.clearing.keystore (--keystore FILE)");
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
        return store.keys(purpose);
    }

    @Override
    public String toString() {
        return "CentreKeys[" + night.get().keystore() + "]";
    }
}
