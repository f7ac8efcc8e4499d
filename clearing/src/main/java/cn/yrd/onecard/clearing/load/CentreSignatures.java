package cn.yrd.onecard.clearing.load;

import cn.yrd.onecard.pki.RegionalPki;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The centre's signature on each city's result, detail and merchants file ({@code FILE.p7s}, docs/pki.md), with the
 * key of its service certificate from the bridge ({@code clear --sign-with FILE}), so that a city proves with
 * {@code ./onecard pki verify FILE --as CITY --role service} that the centre sent it, unchanged. Without the option
 * nothing is signed. The keystore is opened once a run (its key derivation is the slow part).
 */
@Component
public class CentreSignatures {
    private final NightInputs night;
    private long openedFor = -1;
    private Optional<RegionalPki.Signer> signer = Optional.empty();

    CentreSignatures(NightInputs night) {
        this.night = night;
    }

    /** Signs {@code file} as the centre, when the night was given the centre's key. */
    public void sign(Path file) throws IOException, GeneralSecurityException {
        Optional<RegionalPki.Signer> s = signer();
        if (s.isPresent()) {
            s.get().sign(file);
        }
    }

    private synchronized Optional<RegionalPki.Signer> signer() throws IOException, GeneralSecurityException {
        if (openedFor != night.run()) {
            NightInputs.Inputs in = night.get();
            signer = in.signWith().isBlank() ? Optional.empty() : Optional.of(new RegionalPki(Path.of(in.pki()),
                    in.password().toCharArray(), null).signer(Path.of(in.signWith())));
            openedFor = night.run();
        }
        return signer;
    }
}
