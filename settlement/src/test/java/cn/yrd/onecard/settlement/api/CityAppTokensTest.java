package cn.yrd.onecard.settlement.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * With a key per city app ({@code onecard.api.city-app-keys}), a token counts only with the key of the city it names,
 * and only for that city's cards: another city's key, another city's card, an unsigned token ({@code alg: none}),
 * a token naming no city, an expired one: each refused, the bad ones with the line that says why.
 */
class CityAppTokensTest {
    private static final String SHANGHAI_CARD = "3100000000000001";
    private static final String HANGZHOU_CARD = "3301000000000001";
    @TempDir
    static Path dir;
    static KeyPair shanghai;
    static KeyPair hangzhou;
    static CardAccess access;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        shanghai = rsa.generateKeyPair();
        hangzhou = rsa.generateKeyPair();
        for (var key : List.of(new Object[] {"3100", shanghai}, new Object[] {"3301", hangzhou})) {
            Files.writeString(dir.resolve(key[0] + ".pub"), "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder()
                    .encodeToString(((KeyPair) key[1]).getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        }
        access = new CardAccess(null, new DefaultListableBeanFactory().getBeanProvider(JwtDecoder.class),
                new CityAppKeys(dir.toString()));
    }

    @Test
    void aCitysAppVouchesForItsOwnCardsWithItsOwnKeyOnly() throws Exception {
        assertThat(access.check(SHANGHAI_CARD, bearer(shanghai, "3100", List.of(SHANGHAI_CARD), 3600), null))
                .isEqualTo(CardAccess.Verdict.ALLOWED);
        assertThat(access.check(SHANGHAI_CARD, bearer(hangzhou, "3301", List.of(SHANGHAI_CARD, HANGZHOU_CARD), 3600),
                null)).as("Hangzhou's app listing a card of Shanghai").isEqualTo(CardAccess.Verdict.REFUSED);
        assertThat(access.check(HANGZHOU_CARD, bearer(hangzhou, "3301", List.of(SHANGHAI_CARD, HANGZHOU_CARD), 3600),
                null)).isEqualTo(CardAccess.Verdict.ALLOWED);
    }

    @Test
    void eachBadTokenIsRefusedWithWhy() throws Exception {
        assertThatThrownBy(() -> access.check(SHANGHAI_CARD, bearer(hangzhou, "3100", List.of(SHANGHAI_CARD), 3600),
                null)).as("Shanghai named, Hangzhou's key").isInstanceOf(CardAccess.InvalidToken.class)
                .hasMessageStartingWith("not signed by the app key of Shanghai (3100): ");
        String unsigned = new PlainJWT(claims("3100", List.of(SHANGHAI_CARD), 3600)).serialize();
        assertThatThrownBy(() -> access.check(SHANGHAI_CARD, "Bearer " + unsigned, null))
                .hasMessage("the token is not signed (alg: none)");
        assertThatThrownBy(() -> access.check(SHANGHAI_CARD, bearer(shanghai, null, List.of(SHANGHAI_CARD), 3600),
                null)).hasMessage("the token names no city whose app key this service has (iss: null)");
        assertThatThrownBy(() -> access.check(SHANGHAI_CARD, bearer(shanghai, "3205", List.of(SHANGHAI_CARD), 3600),
                null)).hasMessage("the token names no city whose app key this service has (iss: 3205)");
        assertThatThrownBy(() -> access.check(SHANGHAI_CARD, bearer(shanghai, "3100", List.of(SHANGHAI_CARD), -3600),
                null)).hasMessageStartingWith("not signed by the app key of Shanghai (3100): ")
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> access.check(SHANGHAI_CARD, "Bearer not.a.token", null))
                .hasMessageStartingWith("not a JWT: ");
    }

    private static String bearer(KeyPair key, String city, List<String> cards, long expiresIn) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims(city, cards, expiresIn));
        jwt.sign(new RSASSASigner(key.getPrivate()));
        return "Bearer " + jwt.serialize();
    }

    private static JWTClaimsSet claims(String city, List<String> cards, long expiresIn) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(city).subject("citizen-42").claim("cards", cards)
                .issueTime(Date.from(now.minusSeconds(7200))).expirationTime(Date.from(now.plusSeconds(expiresIn)))
                .build();
    }
}
