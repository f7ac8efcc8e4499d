package cn.yrd.onecard.settlement.api;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * Decides whether a caller may see a card: a city app's bearer token (a JWT signed with that city's app key,
 * {@link CityAppKeys}, or else with the one key of
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location}, with an expiry not passed, whose claim {@code cards}
 * lists the serial) or the card's query secret.
 */
@Component
class CardAccess {
    static final String CARDS_CLAIM = "cards";

    private final QuerySecrets secrets;
    private final ObjectProvider<JwtDecoder> jwt;
    private final CityAppKeys cityApps;

    CardAccess(QuerySecrets secrets, ObjectProvider<JwtDecoder> jwt, CityAppKeys cityApps) {
        this.secrets = secrets;
        this.jwt = jwt;
        this.cityApps = cityApps;
    }

    /** The outcome of a proof: allowed, refused (same answer as an unknown card), or no valid proof at all. */
    enum Verdict { ALLOWED, REFUSED, NO_PROOF }

    /** A token that cannot be accepted, with the reason to put in WWW-Authenticate. */
    static final class InvalidToken extends Exception {
        InvalidToken(String reason) {
            super(reason);
        }
    }

    Verdict check(String serial, String authorization, String secret) throws InvalidToken {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) && cityApps.configured()) {
            CityAppKeys.CityToken token = cityApps.decode(authorization.substring(7).strip());
            if (token.jwt().getExpiresAt() == null) {
                throw new InvalidToken("the token has no expiry (exp)");
            }
            Object cards = token.jwt().getClaims().get(CARDS_CLAIM);
            // A city's app vouches for its own cards only, whatever it lists.
            return token.mayVouchFor(serial) && cards instanceof List<?> list && list.contains(serial)
                    ? Verdict.ALLOWED : Verdict.REFUSED;
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            JwtDecoder decoder = jwt.getIfAvailable();
            if (decoder == null) {
                throw new InvalidToken("this service accepts no bearer tokens (no city-app key configured)");
            }
            Jwt token;
            try {
                token = decoder.decode(authorization.substring(7).strip());
            } catch (JwtException e) {
                throw new InvalidToken(e.getMessage());
            }
            if (token.getExpiresAt() == null) {
                // The decoder checks an expiry only when there is one: a token without would be good forever.
                throw new InvalidToken("the token has no expiry (exp)");
            }
            Object cards = token.getClaims().get(CARDS_CLAIM);
            return cards instanceof List<?> list && list.contains(serial) ? Verdict.ALLOWED : Verdict.REFUSED;
        }
        if (secret == null) {
            return Verdict.NO_PROOF;
        }
        return secrets.matches(serial, secret) ? Verdict.ALLOWED : Verdict.REFUSED;
    }
}
