package cn.yrd.onecard.clearing.load;

import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.pki.RegionalPki;
import cn.yrd.onecard.pki.RelyingParty;
import cn.yrd.onecard.pki.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whether a day file is signed by the sender it names (docs/formats.md, "Signatures"). When the night is given the
 * regional PKI ({@code clear --pki DIR}), a file is taken in only with {@code FILE.p7s} beside it, over its bytes as
 * they are, by a sender certificate of the file's sender city whose name is the file's sender ID, good for the centre
 * (through the bridge) when intake reads it, against the CRLs the folder holds when the night starts: a revocation
 * published before a night refuses that night's files. Without the PKI no signature is asked for.
 */
@Component
public class SenderSignatures {
    private final NightInputs night;
    private final Clock clock;
    private long readFor = -1;
    private RegionalPki pki;

    SenderSignatures(NightInputs night, Clock clock) {
        this.night = night;
        this.clock = clock;
    }

    /** Why {@code file} may not be taken in, or empty when it is signed as it must be (or no PKI is given). */
    public Optional<String> refusal(Path file, DayFileHeader header) throws IOException, GeneralSecurityException {
        RegionalPki relying = pki();
        if (relying == null) {
            return Optional.empty();
        }
        RegionalPki.Verdict v = relying.verifySigned(file, RelyingParty.CENTRE, Optional.of(header.senderCity()),
                Optional.of(Role.SENDER), clock.instant());
        if (!v.good()) {
            return Optional.of("signature refused: " + v.why());
        }
        if (!v.holder().equals(Optional.of(header.senderId()))) {
            return Optional.of("signature refused: signed by " + v.path().get(0) + ", not by the sender the file "
                    + "names (" + header.senderId() + ")");
        }
        return Optional.empty();
    }

    /**
     * The PKI as this run reads it, or null when the night asks for no signatures. A warm service keeps the last
     * run's (and the certificates it found good) while the folder's trust files are unchanged.
     */
    private synchronized RegionalPki pki() throws IOException {
        if (readFor != night.run()) {
            String dir = night.get().pki();
            if (dir.isBlank()) {
                pki = null;
            } else if (pki == null || !pki.dir().equals(Path.of(dir)) || !pki.current()) {
                pki = RegionalPki.relyingOn(Path.of(dir));
            }
            readFor = night.run();
        }
        return pki;
    }
}
