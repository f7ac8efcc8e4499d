package cn.yrd.onecard.settlement.api;

import static cn.yrd.onecard.settlement.intake.ClearingOutbox.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.settlement.keys.SettlementKeystore;
import cn.yrd.onecard.settlement.SettlementTables;
import cn.yrd.onecard.settlement.day.DaySettlement;
import cn.yrd.onecard.settlement.intake.ClearingDayReader;
import cn.yrd.onecard.settlement.intake.ClearingOutbox;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import cn.yrd.onecard.settlement.hotlist.RegionalHotlist;
import cn.yrd.onecard.settlement.web.Officer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The balance-lookup API over real HTTP on the sample day (card 3100000000000001 ends the day at 15.00 yuan):
 * who may see a card, what they see, and what a stranger, a guesser and a forger get.
 */
@ServiceTest(schema = "settlement_api", webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BalanceApiTest {
    private static final String CARD = "3100000000000001";
    private static final Path DIR = temp();
    private static final KeyPair CITY_APP = CityAppTokens.key();
    private static final KeyPair FORGER = CityAppTokens.key();
    private static final MovableClock CLOCK = new MovableClock();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path keystore = DIR.resolve("settlement.p12");
        SettlementKeystore.generate(keystore, "onecard-test".toCharArray(), new SecureRandom());
        Path pem = CityAppTokens.publicKey(CITY_APP, DIR.resolve("city-app.pub"));
        registry.add("onecard.settlement.keystore", keystore::toString);
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
        registry.add("onecard.api.max-failures", () -> "5");
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    QuerySecrets secrets;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void settledSampleDay(@Autowired DaySettlement settlement, @Autowired JdbcTemplate jdbc) throws Exception {
        SettlementTables.empty(jdbc);
        ClearingOutbox.write(DIR.resolve("outbox"), ClearingOutbox.sampleDay());
        settlement.settle(ClearingDayReader.read(DIR.resolve("outbox"), DAY));
    }

    @BeforeEach
    void forgetEarlierFailures() {
        CLOCK.advance(Duration.ofHours(1));
    }

    @Test
    void theKioskSecretShowsTheBalanceAsOfTheLastClearing() throws Exception {
        HttpResponse<String> r = get("/api/v1/cards/" + CARD + "/balance", "X-Query-Secret", secrets.of(CARD));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).as("never cached by a proxy").hasValue("no-store");
        assertThat(r.body()).isEqualTo("{\"card\":\"3100000000000001\",\"issuerCity\":\"3100\",\"balanceFen\":1500,"
                + "\"balanceYuan\":\"15.00\",\"asOf\":\"2026-11-23T19:00:00\",\"status\":\"active\"}");
    }

    /**
     * The holder reports the card lost through the city app: hotlisted from now, the balance says so, a second report
     * is a conflict. A token that does not list the card, a kiosk's query secret, no proof, a reason a holder does not
     * give: each refused, nothing listed.
     */
    @Test
    void theHolderReportsTheCardLostThroughTheCityApp(@Autowired RegionalHotlist hotlist) throws Exception {
        String token = "Bearer " + token(CITY_APP, List.of(CARD), Instant.now().plusSeconds(600));
        String notTheirs = "Bearer " + token(CITY_APP, List.of("3100000000000099"), Instant.now().plusSeconds(600));
        assertThat(post("/api/v1/cards/" + CARD + "/loss", "Authorization", notTheirs).statusCode()).isEqualTo(404);
        HttpResponse<String> secretOnly = post("/api/v1/cards/" + CARD + "/loss", "X-Query-Secret", secrets.of(CARD));
        assertThat(secretOnly.statusCode()).isEqualTo(401);
        assertThat(secretOnly.body()).isEqualTo("{\"error\":\"report a loss with a bearer token from your city's "
                + "app: it proves the card is yours\"}");
        assertThat(post("/api/v1/cards/" + CARD + "/loss?reason=REFUNDED", "Authorization", token).body())
                .isEqualTo("{\"error\":\"a holder reports a card LOST or STOLEN, not 'REFUNDED'\"}");
        assertThat(get("/api/v1/cards/" + CARD + "/balance", "Authorization", token).body())
                .endsWith(",\"status\":\"active\"}");

        java.time.LocalDateTime before = java.time.LocalDateTime.now().truncatedTo(
                java.time.temporal.ChronoUnit.MINUTES);
        HttpResponse<String> reported = post("/api/v1/cards/" + CARD + "/loss", "Authorization", token);
        try {
            assertThat(reported.statusCode()).isEqualTo(201);
            assertThat(reported.body()).startsWith("{\"card\":\"" + CARD + "\",\"hotlistVersion\":")
                    .contains(",\"status\":\"reported lost at ");
            String status = reported.body().replaceAll(".*\"status\":\"([^\"]*)\".*", "$1");
            assertThat(java.time.LocalDateTime.parse(status.substring("reported lost at ".length())))
                    .isBetween(before, before.plusMinutes(1));
            assertThat(get("/api/v1/cards/" + CARD + "/balance", "Authorization", token).body())
                    .endsWith(",\"status\":\"" + status + "\"}");
            HttpResponse<String> again = post("/api/v1/cards/" + CARD + "/loss", "Authorization", token);
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.body()).isEqualTo("{\"error\":\"card 3100********0001 is already hotlisted\"}");
        } finally {
            hotlist.found(CARD, new Officer("sh-officer", "CITY", "3100")); // the other tests' card is active
        }
    }

    private HttpResponse<String> post(String path, String... headers) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).headers(headers)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The card's status follows its hotlist listing: reported lost, then active again once found. */
    @Test
    void aCardReportedLostSaysSoUntilItIsFound(@Autowired RegionalHotlist hotlist) throws Exception {
        java.time.LocalDateTime noon = java.time.LocalDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Officer shanghai = new Officer("sh-officer", "CITY", "3100");
        hotlist.report(CARD, "LOST", noon, shanghai);
        assertThat(get("/api/v1/cards/" + CARD + "/balance", "X-Query-Secret", secrets.of(CARD)).body())
                .contains("\"balanceFen\":1500,").endsWith(",\"status\":\"reported lost at " + noon + "\"}");

        hotlist.found(CARD, shanghai);
        assertThat(get("/api/v1/cards/" + CARD + "/balance", "X-Query-Secret", secrets.of(CARD)).body())
                .endsWith(",\"status\":\"active\"}");
    }

    @Test
    void recentTransactionsComeNewestFirstUpToTheLimit() throws Exception {
        HttpResponse<String> r = get("/api/v1/cards/" + CARD + "/transactions?limit=2", "X-Query-Secret",
                secrets.of(CARD));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"card\":\"3100000000000001\",\"transactions\":["
                + "{\"time\":\"2026-11-23T19:00:00\",\"type\":\"LOAD\",\"city\":\"3205\",\"amountFen\":1000,\"balanceAfterFen\":1500},"
                + "{\"time\":\"2026-11-23T18:05:00\",\"type\":\"PURCHASE\",\"city\":\"3205\",\"amountFen\":200,\"balanceAfterFen\":500}]}");
        assertThat(get("/api/v1/cards/" + CARD + "/transactions?limit=500", "X-Query-Secret", secrets.of(CARD)).body())
                .isEqualTo("{\"error\":\"limit must be a whole number from 1 to 50\"}");
    }

    @Test
    void anUnknownCardAndAWrongSecretGetTheSameAnswer() throws Exception {
        HttpResponse<String> wrong = get("/api/v1/cards/" + CARD + "/balance", "X-Query-Secret", "000000000000");
        HttpResponse<String> unknown = get("/api/v1/cards/3100999999999999/balance", "X-Query-Secret",
                secrets.of("3100999999999999"));

        assertThat(wrong.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(wrong.body()).isEqualTo(unknown.body());
    }

    @Test
    void noProofAsksForOne() throws Exception {
        HttpResponse<String> r = get("/api/v1/cards/" + CARD + "/balance");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void aCityAppTokenOpensTheCardsItListsAndNoOthers() throws Exception {
        String token = token(CITY_APP, List.of(CARD), Instant.now().plusSeconds(600));

        assertThat(get("/api/v1/cards/" + CARD + "/balance", "Authorization", "Bearer " + token).statusCode())
                .isEqualTo(200);
        assertThat(get("/api/v1/cards/3205000000000002/balance", "Authorization", "Bearer " + token).statusCode())
                .isEqualTo(404);
    }

    @Test
    void anExpiredOrForgedTokenIsRefusedBeforeAnyCardIsLookedAt() throws Exception {
        String expired = token(CITY_APP, List.of(CARD), Instant.now().minusSeconds(600));
        String forged = token(FORGER, List.of(CARD), Instant.now().plusSeconds(600));

        HttpResponse<String> late = get("/api/v1/cards/" + CARD + "/balance", "Authorization", "Bearer " + expired);
        HttpResponse<String> fake = get("/api/v1/cards/" + CARD + "/balance", "Authorization", "Bearer " + forged);

        assertThat(late.statusCode()).isEqualTo(401);
        assertThat(late.headers().firstValue("WWW-Authenticate").orElse("")).contains("expired");
        assertThat(fake.statusCode()).isEqualTo(401);
        assertThat(fake.body()).doesNotContain("1500");
    }

    @Test
    void repeatedFailuresAreThrottledEvenForTheRightSecretUntilTheWindowPasses() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(get("/api/v1/cards/" + CARD + "/balance", "X-Query-Secret", "12345678901" + i).statusCode())
                    .isEqualTo(404);
        }

        HttpResponse<String> refused = get("/api/v1/cards/" + CARD + "/balance", "X-Query-Secret", secrets.of(CARD));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();

        CLOCK.advance(Duration.ofSeconds(61));
        assertThat(get("/api/v1/cards/" + CARD + "/balance", "X-Query-Secret", secrets.of(CARD)).statusCode())
                .isEqualTo(200);
    }

    /**
     * Many addresses guessing one card's secret are stopped per card (before, the throttle counted per address only,
     * so each new address had its full quota), and the card's owner is told to wait; other cards, asked from one of
     * the same addresses, are still answered (a NAT's other users are not locked out).
     */
    @Test
    void manyAddressesGuessingOneCardAreThrottledForThatCardOnly() throws Exception {
        String other = "3205000000000002";
        for (int i = 2; i <= 6; i++) {
            assertThat(from("127.0.0." + i, "/api/v1/cards/" + other + "/balance", "99999999999" + i))
                    .startsWith("HTTP/1.1 404 ");
        }
        assertThat(from("127.0.0.7", "/api/v1/cards/" + other + "/balance", secrets.of(other)))
                .startsWith("HTTP/1.1 429 ").contains("too many failed lookups of this card: try again in ");
        assertThat(from("127.0.0.6", "/api/v1/cards/" + CARD + "/balance", secrets.of(CARD)))
                .as("another card from a guessing address").startsWith("HTTP/1.1 200 ");
    }

    /**
     * A lookup from {@code address} (any of 127/8 is this machine, and each is another client to the server; the JDK's
     * client cannot choose its source address), with the card's query secret: the raw response.
     */
    private String from(String address, String path, String secret) throws Exception {
        try (java.net.Socket s = new java.net.Socket()) {
            s.bind(new java.net.InetSocketAddress(address, 0));
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Query-Secret: " + secret
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A token without an expiry would be good forever: refused, whatever it lists. */
    @Test
    void aBearerTokenWithoutAnExpiryIsRefused() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .subject("citizen-42").claim("cards", List.of(CARD)).build());
        jwt.sign(new RSASSASigner(CITY_APP.getPrivate()));
        HttpResponse<String> r = get("/api/v1/cards/" + CARD + "/balance", "Authorization", "Bearer " + jwt.serialize());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("{\"error\":\"the bearer token is not valid: the token has no expiry (exp)\"}");
    }

    @Test
    void injectionStringsInEveryParameterAreRefusedAsBadInput() throws Exception {
        String evil = URLEncoder.encode("3100' OR '1'='1", StandardCharsets.UTF_8).replace("+", "%20");
        assertThat(get("/api/v1/cards/" + evil + "/balance", "X-Query-Secret", "1' OR '1'='1").body())
                .isEqualTo("{\"error\":\"a card serial is 16 digits\"}");
        assertThat(get("/api/v1/cards/" + CARD + "/transactions?limit=" + URLEncoder.encode("1;DROP TABLE card_txn",
                StandardCharsets.UTF_8), "X-Query-Secret", secrets.of(CARD)).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/cards/" + CARD + "/balance", "X-Query-Secret", "<script>alert(1)</script>").body())
                .doesNotContain("<script>");
    }

    @Test
    void theOpenApiDescriptionIsServed() throws Exception {
        HttpResponse<String> r = get("/api/v1/openapi.yaml");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("/api/v1/cards/{serial}/balance").contains("X-Query-Secret");
    }

    @Test
    void anythingElseIsRefused() throws Exception {
        HttpResponse<String> env = get("/actuator/env");
        assertThat(env.statusCode()).as("sent to log in, shown nothing").isEqualTo(302);
        assertThat(env.headers().firstValue("Location").orElse("")).endsWith("/login");
        assertThat(env.body()).isEmpty();
        assertThat(get("/api/v1/cards/" + CARD).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/cards/" + CARD + "/balance/more").statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = get("/api/v1/cards/" + CARD + "/loss", "Authorization", "Bearer x");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(wrongMethod.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(KeyPair key, List<String> cards, Instant expires) throws Exception {
        return CityAppTokens.token(key, cards, expires);
    }

    private static Path temp() {
        try {
            return Files.createTempDirectory("balance-api");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock the test moves forward, to let throttling windows pass without waiting. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
