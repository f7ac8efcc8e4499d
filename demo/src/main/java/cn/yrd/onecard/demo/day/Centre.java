package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.hotlist.CentreSignature;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.terminal.counter.CentreCounter;
import cn.yrd.onecard.terminal.hotlist.HotlistDownload;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The clearing centre's settlement service as the counters and terminals of a run of several days reach it: its web
 * service up in the background on the demo's database ({@code settle serve}), its hotlist reported to and downloaded
 * from (signed, a delta after the first), its counter API called as a city's counter calls it, with the holder's city
 * app token for a card of another city. The region's staff report the cards; each counter's officer is a CITY user.
 */
final class Centre implements AutoCloseable {
    private static final Duration UP_WITHIN = Duration.ofMinutes(2);

    private final Services services;
    private final Services.Background service;
    private final URI uri;
    private final String password;
    private final KeyPair cityApp;
    private final HotlistDownload lists;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Set<String> officers = new HashSet<>();

    private Centre(Services services, Services.Background service, URI uri, String password, KeyPair cityApp,
            HotlistDownload lists) {
        this.services = services;
        this.service = service;
        this.uri = uri;
        this.password = password;
        this.cityApp = cityApp;
        this.lists = lists;
    }

    /** Where the city app's public key goes: the centre's service reads it from the environment (see CardLife). */
    static Path cityAppKey(Path outDir) {
        return outDir.resolve("keys/city-app.pub");
    }

    /** Starts the centre's service, with its keystore, the region's officer and the city app's key, once it answers. */
    static Centre start(Services services, Path outDir, long seed) throws Exception {
        // First: every settlement command of the run reads the city app's key (CardLife.centreEnvironment).
        KeyPair cityApp = cityApp(cityAppKey(outDir));
        Path keystore = outDir.resolve("keys/settlement.p12");
        SettleStage.succeeded(services.run("settlement", SettleStage.COMMAND, "keystore", "--out", keystore.toString()),
                "the centre's keystore");
        String password = "delta-" + Long.toHexString(new Random(seed).nextLong() & 0xffffffffL);
        user(services, password, "region", "REGION", null);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + port);
        Services.Background service = services.background("settlement", SettleStage.COMMAND, "serve", "--port",
                Integer.toString(port), "--keystore", keystore.toString());
        try {
            Path signer = Files.writeString(outDir.resolve("keys/centre-hotlist.pem"), up(service, uri));
            return new Centre(services, service, uri, password, cityApp,
                    new HotlistDownload(uri, CentreSignature.readPublicKey(signer)));
        } catch (Exception e) {
            service.close();
            throw e;
        }
    }

    /** The centre's hotlist key, once the service answers; or why it did not come up. */
    private static String up(Services.Background service, URI uri) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + UP_WITHIN.toNanos();
        while (System.nanoTime() < until) {
            if (!service.process().isAlive()) {
                throw new IllegalStateException("the centre's service ended: " + service.lastLine());
            }
            try {
                HttpResponse<String> key = http.send(HttpRequest.newBuilder(uri.resolve("/api/v1/hotlist/key"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (key.statusCode() == 200) {
                    return key.body();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the centre's service did not answer within " + UP_WITHIN.toSeconds() + " s: "
                + service.lastLine());
    }

    private static void user(Services services, String password, String name, String role, String city)
            throws Exception {
        Services.Run made = city == null
                ? services.runWithInput(password + "\n", "settlement", SettleStage.COMMAND, "user", "--name", name,
                        "--role", role)
                : services.runWithInput(password + "\n", "settlement", SettleStage.COMMAND, "user", "--name", name,
                        "--role", role, "--city", city);
        SettleStage.succeeded(made, "the finance user " + name);
    }

    /** The cities' app signing key (one for the demo's cities), its public half where the centre reads it. */
    private static KeyPair cityApp(Path publicKey) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair key = g.generateKeyPair();
        Files.createDirectories(publicKey.getParent());
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        return key;
    }

    /** Lists {@code card} as lost from {@code at}, as the region's staff enter a holder's report. */
    void report(String card, LocalDateTime at) throws Exception {
        post("/api/v1/hotlist", "{\"card\":\"" + card + "\",\"reason\":\"LOST\",\"effectiveAt\":\"" + at + "\"}",
                null, "report of " + card, "region");
    }

    /**
     * Lists {@code card} as lost from {@code at} at a counter of {@code city}, another city than its issuer's, once the
     * holder in front of it gave their citizen card's {@code pin}.
     */
    void reportAtCounter(City city, String card, LocalDateTime at, String pin) throws Exception {
        post("/api/v1/hotlist", "{\"card\":\"" + card + "\",\"reason\":\"LOST\",\"effectiveAt\":\"" + at
                + "\",\"holderPin\":\"" + pin + "\"}", null, "report of " + card + " at a counter of " + city.code(),
                officer(city));
    }

    /**
     * The issuing city registers the holder of its citizen card {@code card} (docs/settlement.md, "Holders"): the check
     * values of their PIN and ID number, computed here as an issuer's card system would, with a salt of the card's own.
     */
    void registerHolder(City issuer, String card, String pin, String idNumber, Path dir) throws Exception {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        List<String> lines = List.of(String.join("|", "R", card, "CITIZEN", HexFormat.of().formatHex(salt),
                holderCheck(pin, salt), holderCheck(idNumber, salt)));
        Path register = Files.writeString(dir.resolve("holders-" + issuer.code() + ".txt"), "H|HOLDER_REGISTER|1|"
                + issuer.code() + "|" + LocalDate.now().toString().replace("-", "") + "\n" + lines.get(0) + "\n"
                + ControlledFrame.trailer(lines) + "\n");
        SettleStage.succeeded(services.run("settlement", SettleStage.COMMAND, "holders", "--register",
                register.toString()), "the holders' register of " + issuer.code());
    }

    /** PBKDF2-HMAC-SHA256 of a PIN or an ID number in capitals, 100,000 rounds: the register's check value. */
    private static String holderCheck(String secret, byte[] salt) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(secret.toUpperCase(java.util.Locale.ROOT).toCharArray(), salt, 100_000, 256);
        return HexFormat.of().formatHex(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec)
                .getEncoded());
    }

    /** Takes {@code card} off the list: its holder found it. */
    void found(String card) throws Exception {
        post("/api/v1/hotlist/" + card + "/found", "", null, "found " + card, "region");
    }

    /** Refunds {@code card} at {@code counterCity}'s counter to the holder's bank card: the fen the centre paid. */
    long refund(String card, City counterCity, String bankCard) throws Exception {
        String answer = post("/api/v1/counter/cards/" + card + "/refund", "{\"counterCity\":\"" + counterCity.code()
                + "\",\"bankAccount\":\"" + bankCard + "\"}", "RFND-" + card, "refund of " + card, "region");
        return Long.parseLong(answer.replaceAll(".*\"amountFen\":(\\d+).*", "$1"));
    }

    /** The centre as {@code city}'s counter calls it for {@code card}'s holder, who shows their city app's token. */
    CentreCounter counter(City city, String card) throws Exception {
        return new CentreCounter(uri, officer(city), password.toCharArray(), holderToken(card));
    }

    /** The CITY user of {@code city}'s counter, made the first time it is needed. */
    private String officer(City city) throws Exception {
        String officer = city.code() + ".counter";
        if (officers.add(officer)) {
            user(services, password, officer, "CITY", city.code());
        }
        return officer;
    }

    /** The centre's list now, in {@code file}: the whole list the first time, a delta merged after. */
    Hotlist hotlist(Path file) throws Exception {
        return lists.update(file);
    }

    private String post(String path, String json, String idempotencyKey, String what, String user) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(json.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (!json.isEmpty()) {
            b.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("the centre refused the " + what + " (" + r.statusCode() + "): " + r.body());
        }
        return r.body();
    }

    /** The holder's token from their city's app, listing {@code card}, for ten minutes (RS256). */
    private String holderToken(String card) throws GeneralSecurityException {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String signed = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(("{\"sub\":\"holder-" + UUID.randomUUID() + "\",\"cards\":[\"" + card
                        + "\"],\"iat\":" + now + ",\"exp\":" + (now + 600) + "}").getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(cityApp.getPrivate());
        rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + b64.encodeToString(rsa.sign());
    }

    @Override
    public void close() throws InterruptedException {
        service.close();
    }
}
