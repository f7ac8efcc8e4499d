package cn.yrd.onecard.settlement.api;

import cn.yrd.onecard.city.Cities;
import com.nimbusds.jose.Algorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Each city's app signs its citizens' tokens with a key of its own ({@code onecard.api.city-app-keys}: a folder of
 * {@code CODE.pub}, the public keys in PEM, RS256), so that no city's app can vouch for another city's cards: a token
 * names its city in {@code iss}, is checked with that city's key alone, and may list only cards that city issued.
 * None configured: {@link CardAccess} takes the one key of
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location}, as before.
 */
@Component
class CityAppKeys {
    private final Map<String, NimbusJwtDecoder> byCity = new HashMap<>();

    CityAppKeys(@Value("${onecard.api.city-app-keys:}") String folder) {
        if (folder.isBlank()) {
            return;
        }
        Path dir = Path.of(folder);
        for (var city : Cities.all()) {
            Path pem = dir.resolve(city.code() + ".pub");
            if (Files.isRegularFile(pem)) {
                byCity.put(city.code(), NimbusJwtDecoder.withPublicKey(read(pem)).build());
            }
        }
        if (byCity.isEmpty()) {
            throw new IllegalStateException("onecard.api.city-app-keys: no CODE.pub of any city in " + dir);
        }
    }

    /** Whether each city's app has its own key here. */
    boolean configured() {
        return !byCity.isEmpty();
    }

    /**
     * The token checked with the key of the city it names, which is that token's city: its signature, its expiry; or
     * {@link CardAccess.InvalidToken} naming what is wrong.
     */
    CityToken decode(String token) throws CardAccess.InvalidToken {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new CardAccess.InvalidToken("not a JWT: " + e.getMessage());
        }
        if (Algorithm.NONE.equals(parsed.getHeader().getAlgorithm())) {
            throw new CardAccess.InvalidToken("the token is not signed (alg: none)");
        }
        String city;
        try {
            city = parsed.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new CardAccess.InvalidToken("the token's claims do not read: " + e.getMessage());
        }
        NimbusJwtDecoder decoder = city == null ? null : byCity.get(city);
        if (decoder == null) {
            throw new CardAccess.InvalidToken("the token names no city whose app key this service has (iss: " + city
                    + ")");
        }
        try {
            return new CityToken(city, decoder.decode(token));
        } catch (JwtException e) {
            throw new CardAccess.InvalidToken("not signed by the app key of " + Cities.byCode(city) + ": "
                    + e.getMessage());
        }
    }

    /** A token and the city whose app signed it. */
    record CityToken(String city, Jwt jwt) {
        /** Whether {@code serial} is a card of the token's city (a serial begins with its issuer's code). */
        boolean mayVouchFor(String serial) {
            return serial.startsWith(city);
        }
    }

    private static RSAPublicKey read(Path pem) {
        try {
            String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException(pem + " is not an RSA public key in PEM: " + e.getMessage(), e);
        }
    }
}
