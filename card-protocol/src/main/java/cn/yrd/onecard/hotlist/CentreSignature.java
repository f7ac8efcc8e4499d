package cn.yrd.onecard.hotlist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The clearing centre's signature over what it publishes (the hotlist and its deltas): ECDSA P-256 with SHA-256
 * over the exact bytes, base64, checked against the centre's public key (PEM, as the centre serves it at
 * {@code /api/v1/hotlist/key}).
 */
public final class CentreSignature {
    public static final String ALGORITHM = "SHA256withECDSA";

    private CentreSignature() {
    }

    public static PublicKey readPublicKey(Path pem) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String base64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(pem + " is not the centre's public key (an EC public key in PEM)");
        }
    }

    /** Whether {@code signature} (base64) is the centre's over {@code bytes}. */
    public static boolean verify(byte[] bytes, String signature, PublicKey centre) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(centre);
            s.update(bytes);
            return signature != null && s.verify(Base64.getDecoder().decode(signature.strip()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
