package cn.yrd.onecard.settlement.api;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** Test support: a city app's RS256 key and the tokens it gives its users (claim {@code cards}). */
public final class CityAppTokens {
    private CityAppTokens() {
    }

    public static KeyPair key() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The app's public key as the service reads it: PEM in {@code file}. */
    public static Path publicKey(KeyPair key, Path file) throws IOException {
        return Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    }

    /** A token signed with {@code key} for a citizen holding {@code cards}, valid until {@code expires}. */
    public static String token(KeyPair key, List<String> cards, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .subject("citizen-42").claim("cards", cards).issueTime(Date.from(expires.minusSeconds(3600)))
                .expirationTime(Date.from(expires)).build());
        jwt.sign(new RSASSASigner(key.getPrivate()));
        return jwt.serialize();
    }
}
