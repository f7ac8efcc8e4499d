package cn.yrd.onecard.settlement.hotlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.settlement.SettlementTables;
import cn.yrd.onecard.hotlist.CentreSignature;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.hotlist.HotlistFile;
import cn.yrd.onecard.settlement.keys.SettlementKeystore;
import cn.yrd.onecard.settlement.holder.HolderRegister;
import cn.yrd.onecard.settlement.web.FinanceUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Issuing cities report cards; terminals download the list whole or as a delta, signed by the centre. */
@ServiceTest(schema = "settlement_hotlist", webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HotlistApiTest {
    private static final Path DIR = temp();
    private static final String PASSWORD = "correct horse battery";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path keystore = DIR.resolve("settlement.p12");
        SettlementKeystore.generate(keystore, "onecard-test".toCharArray(), new SecureRandom());
        registry.add("onecard.settlement.keystore", keystore::toString);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void users(@Autowired FinanceUsers users, @Autowired JdbcTemplate jdbc) {
        SettlementTables.empty(jdbc);
        users.save("sz-officer", PASSWORD, "CITY", "3205");
        users.save("region", PASSWORD, "REGION", null);
        users.save("auditor", PASSWORD, "AUDITOR", null);
        // The cards the centre knows (it cleared records of them): Suzhou's, and one of Shanghai.
        for (String[] card : new String[][] {{"0000000001000005", "3205"}, {"0000000001000007", "3205"},
            {"0000000001000009", "3205"}, {"0000000001000011", "3100"}, {"0000000001000013", "3205"},
            {"0000000001000015", "3205"}, {"0000000001000017", "3100"}}) {
            jdbc.update("INSERT INTO card_shadow (card, issuer_city, balance, last_txn_time, last_counter, "
                    + "business_date) VALUES (?, ?, 1000, NOW(), 1, CURRENT_DATE)", card[0], card[1]);
        }
    }

    /** Now, to the minute, as a report's effective time. */
    private static String now(long minutesLater) {
        return LocalDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusMinutes(minutesLater)
                .toString();
    }

    @Test
    void aReportedCardIsInTheSignedListAndTheNextDeltaCarriesOnlyWhatIsNew() throws Exception {
        LocalDateTime noon = LocalDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minusHours(1);
        HttpResponse<String> first = report("sz-officer", "{\"card\":\"0000000001000005\",\"reason\":\"LOST\","
                + "\"effectiveAt\":\"" + noon + "\"}");
        assertThat(first.statusCode()).isEqualTo(201);
        long v1 = Long.parseLong(first.body().replaceAll("\\D", ""));
        HttpResponse<byte[]> full = get("/api/v1/hotlist");
        var key = centreKey();
        assertThat(CentreSignature.verify(full.body(), full.headers().firstValue("X-Hotlist-Signature").orElseThrow(),
                key)).isTrue();
        byte[] tampered = new String(full.body(), StandardCharsets.UTF_8).replace("LOST", "DAMAGED")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(CentreSignature.verify(tampered, full.headers().firstValue("X-Hotlist-Signature").orElseThrow(),
                key)).as("a changed list is not the centre's").isFalse();
        // The list reads as terminals and clearing read it: listed from noon, not before.
        Hotlist list = HotlistFile.read(Files.write(DIR.resolve("hotlist.txt"), full.body()));
        assertThat(list.version()).isEqualTo(v1);
        assertThat(list.isListedAt(CardSerial.of("0000000001000005"), noon.plusHours(6))).isTrue();
        assertThat(list.isListedAt(CardSerial.of("0000000001000005"), noon.minusHours(4))).isFalse();

        report("sz-officer", "{\"card\":\"0000000001000007\",\"reason\":\"STOLEN\",\"effectiveAt\":\"" + noon
                + "\"}");
        String delta = new String(get("/api/v1/hotlist?since=" + v1).body(), StandardCharsets.UTF_8);
        assertThat(delta).startsWith("H|HOTLIST_DELTA|1|" + v1 + "|" + (v1 + 1) + "|")
                .contains("D|0000000001000007|STOLEN|" + noon.format(java.time.format.DateTimeFormatter.ofPattern(
                        "yyyyMMddHHmm")) + "00\n").doesNotContain("0000000001000005");
    }

    @Test
    void onlyAnIssuingCitysOrTheRegionsStaffReportAndBadReportsSayWhy() throws Exception {
        // One reading of the clock: a minute that turns between two readings must not change what is replaced.
        String at = now(0);
        String card = "{\"card\":\"0000000001000009\",\"reason\":\"LOST\",\"effectiveAt\":\"" + at + "\"}";
        // Suzhou's officer cannot list Shanghai's card, a card backdated years or dated years on, or a card the centre
        // never saw; each refusal lists nothing.
        String shanghai = card.replace("0000000001000009", "0000000001000011");
        HttpResponse<String> notYours = report("sz-officer", shanghai);
        assertThat(notYours.statusCode()).isEqualTo(403);
        assertThat(notYours.body()).isEqualTo("{\"error\":\"card 0000********0011 was issued by 3100: only 3100's "
                + "staff or the region report it, or a counter of another city that checked the holder (their PIN or ID "
                + "number)\"}");
        for (String when : List.of("2020-01-01T00:00", "2099-01-01T00:00")) {
            HttpResponse<String> outside = report("sz-officer", card.replace(at, when));
            assertThat(outside.statusCode()).isEqualTo(400);
            assertThat(outside.body()).startsWith("{\"error\":\"the card is hotlisted from a time between ")
                    .endsWith(", not " + when + "\"}");
        }
        HttpResponse<String> unknown = report("sz-officer", card.replace("0000000001000009", "0000000099999999"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"card 0000********9999 is not in the centre's records: check "
                + "the serial\"}");
        assertThat(new String(get("/api/v1/hotlist").body(), StandardCharsets.UTF_8)).doesNotContain("0000000001000011")
                .doesNotContain("0000000099999999").doesNotContain("0000000001000009");
        assertThat(report("region", shanghai).statusCode()).as("the region lists any city's card").isEqualTo(201);

        assertThat(report(null, card).statusCode()).isEqualTo(401);
        assertThat(report("auditor", card).statusCode()).isEqualTo(403);
        HttpResponse<String> bad = report("sz-officer", "{\"card\":\"1' OR '1'='1\",\"reason\":\"LOST\","
                + "\"effectiveAt\":\"2026-11-23T12:00\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("{\"error\":\"a card serial is 16 digits\"}");
        assertThat(report("sz-officer", card.replace("LOST", "EATEN")).body())
                .isEqualTo("{\"error\":\"the reason is one of LOST, STOLEN, REFUNDED, DAMAGED\"}");
        assertThat(report("sz-officer", card).statusCode()).isEqualTo(201);
        assertThat(report("sz-officer", card).body()).isEqualTo("{\"error\":\"card 0000********0009 is already hotlisted\"}");
        assertThat(get("/api/v1/hotlist?since=x").statusCode()).isEqualTo(400);
    }

    /**
     * Guessing a password over HTTP Basic: after five wrong ones the right one is refused too, for the lockout's
     * length, and the audit trail says so. Before, 30 wrong Basic logins changed nothing.
     */
    @Test
    void fiveWrongPasswordsLockTheUserOutAndTheAuditTrailSaysSo(@Autowired FinanceUsers users,
            @Autowired cn.yrd.onecard.settlement.audit.AuditTrail audit) throws Exception {
        users.save("hz-officer", PASSWORD, "CITY", "3301");
        String json = "{\"card\":\"0000000001000011\",\"reason\":\"LOST\",\"effectiveAt\":\"" + now(0) + "\"}";
        for (int i = 0; i < 5; i++) {
            assertThat(report("hz-officer", json, "wrong password " + i).statusCode()).isEqualTo(401);
        }
        assertThat(report("hz-officer", json, PASSWORD).statusCode()).as("the right password, locked out").isEqualTo(401);
        assertThat(audit.about("user:hz-officer")).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("LOGIN_LOCKED");
            assertThat(e.note()).isEqualTo("5 wrong passwords within 15 min: locked for as long");
        });
        assertThat(report("sz-officer", json, PASSWORD).statusCode()).as("another user is not locked").isEqualTo(403);
    }

    /**
     * A card found again leaves the list: the next version's delta tells a terminal that holds it to remove it (and
     * says nothing to one that never had it). A card found once is not found again; lost again, it is listed again. A
     * refunded card stays listed; another city's officer, an auditor or no one cannot take a card off.
     */
    @Test
    void aCardFoundAgainLeavesTheListAndATerminalsDeltaSaysToRemoveIt() throws Exception {
        String card = "0000000001000013";
        long listed = version(report("sz-officer", lost(card, "LOST")));
        HttpResponse<String> found = found("sz-officer", card);
        assertThat(found.statusCode()).isEqualTo(200);
        long lifted = version(found);

        assertThat(text("/api/v1/hotlist?since=" + listed)).startsWith("H|HOTLIST_DELTA|2|" + listed + "|" + lifted
                + "|").contains("\nR|" + card + "|FOUND|");
        assertThat(text("/api/v1/hotlist?since=" + (listed - 1))).as("a terminal that never had it")
                .doesNotContain(card);
        assertThat(text("/api/v1/hotlist")).doesNotContain(card);
        assertThat(found("sz-officer", card).body()).isEqualTo("{\"error\":\"card 0000********0013 is not "
                + "hotlisted\"}");
        assertThat(report("sz-officer", lost(card, "STOLEN")).statusCode()).as("lost again").isEqualTo(201);
        assertThat(text("/api/v1/hotlist")).contains("\nD|" + card + "|STOLEN|");

        String refunded = "0000000001000015";
        assertThat(report("sz-officer", lost(refunded, "REFUNDED")).statusCode()).isEqualTo(201);
        assertThat(found("sz-officer", refunded).body()).isEqualTo("{\"error\":\"card 0000********0015 was "
                + "refunded: its money has left it, it stays listed\"}");
        String shanghai = "0000000001000017";
        assertThat(report("region", lost(shanghai, "LOST")).statusCode()).isEqualTo(201);
        HttpResponse<String> notYours = found("sz-officer", shanghai);
        assertThat(notYours.statusCode()).isEqualTo(403);
        assertThat(notYours.body()).isEqualTo("{\"error\":\"card 0000********0017 was issued by 3100: only 3100's "
                + "staff or the region take it off the list\"}");
        assertThat(found("auditor", shanghai).statusCode()).isEqualTo(403);
        assertThat(found(null, shanghai).statusCode()).isEqualTo(401);
        assertThat(text("/api/v1/hotlist")).contains("\nD|" + shanghai + "|LOST|").contains("\nD|" + refunded
                + "|REFUNDED|");
    }

    private static String lost(String card, String reason) {
        return "{\"card\":\"" + card + "\",\"reason\":\"" + reason + "\",\"effectiveAt\":\"" + now(0) + "\"}";
    }

    private static long version(HttpResponse<String> r) {
        assertThat(r.body()).startsWith("{\"version\":");
        return Long.parseLong(r.body().replaceAll("\\D", ""));
    }

    private String text(String path) throws Exception {
        return new String(get(path).body(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> found(String user, String card) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/hotlist/" + card
                + "/found")).POST(HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A counter of another city lists a Suzhou card once the holder in front of it proved it theirs by Suzhou's
     * register: the citizen card's PIN, or the ID number a named card is registered to. A wrong answer lists nothing
     * and counts: five in a row and only Suzhou's counter lists the card, until Suzhou registers its holder again. An
     * anonymous card, registered to no one, only its issuer's staff list.
     */
    @Test
    void aCounterOfAnotherCityListsACardOnceItsHolderProvedIt(@Autowired FinanceUsers users,
            @Autowired HolderRegister holders, @Autowired JdbcTemplate jdbc) throws Exception {
        users.save("sh-officer", PASSWORD, "CITY", "3100");
        String citizen = "0000000001000021";
        String named = "0000000001000023";
        String anonymous = "0000000001000025";
        String guessed = "0000000001000027";
        for (String card : List.of(citizen, named, anonymous, guessed)) {
            jdbc.update("INSERT INTO card_shadow (card, issuer_city, balance, last_txn_time, last_counter, "
                    + "business_date) VALUES (?, '3205', 1000, NOW(), 1, CURRENT_DATE)", card);
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        List<String> lines = List.of(HolderRegister.line(citizen, salt, "123456", "320501194501011234"),
                HolderRegister.line(named, salt, null, "32050119800101123X"),
                HolderRegister.line(guessed, salt, "654321", "320501195001011234"));
        Path register = register(lines);
        assertThat(Files.readString(register)).doesNotContain("123456").doesNotContain("320501194501011234");
        Path bad = register(List.of(lines.get(0), lines.get(1).replace("|NAMED|", "|CITIZEN|")));
        assertThatThrownBy(() -> holders.load(bad)).isInstanceOfSatisfying(HolderRegister.BadRegister.class,
                e -> assertThat(e.problems()).containsExactly(bad.getFileName() + ": line 3: a citizen card's PIN check "
                        + "is 64 lower-case hex digits"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM card_holder", Integer.class)).as("none of it").isZero();
        assertThat(holders.load(register)).isEqualTo(3);

        String at = now(0);
        String lost = "{\"card\":\"" + citizen + "\",\"reason\":\"LOST\",\"effectiveAt\":\"" + at + "\"";
        HttpResponse<String> wrong = report("sh-officer", lost + ",\"holderPin\":\"000000\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).isEqualTo("{\"error\":\"the holder's PIN does not match card 0000********0021's "
                + "holder: 4 check(s) left\"}");
        assertThat(report("sh-officer", lost + "}").statusCode()).as("no check, no listing").isEqualTo(403);
        assertThat(report("sh-officer", lost + ",\"holderPin\":\"123456\"}").statusCode()).isEqualTo(201);
        assertThat(jdbc.queryForObject("SELECT note FROM audit_event WHERE subject = 'card:0000********0021'",
                String.class)).endsWith(", after checking the holder's PIN");

        String namedLost = "{\"card\":\"" + named + "\",\"reason\":\"STOLEN\",\"effectiveAt\":\"" + at + "\"";
        assertThat(report("sh-officer", namedLost + ",\"holderPin\":\"123456\"}").body()).isEqualTo("{\"error\":"
                + "\"card 0000********0023 has no PIN (a named transit card): check the holder's ID number\"}");
        assertThat(report("sh-officer", namedLost + ",\"holderIdNumber\":\"32050119800101123x\"}").statusCode())
                .as("an ID number's check letter in either case").isEqualTo(201);
        HttpResponse<String> noHolder = report("sh-officer", "{\"card\":\"" + anonymous + "\",\"reason\":\"LOST\","
                + "\"effectiveAt\":\"" + at + "\",\"holderIdNumber\":\"320501194501011234\"}");
        assertThat(noHolder.statusCode()).isEqualTo(403);
        assertThat(noHolder.body()).isEqualTo("{\"error\":\"card 0000********0025 is registered to no holder (an "
                + "anonymous card): only 3205's staff or the region list it\"}");

        String guess = "{\"card\":\"" + guessed + "\",\"reason\":\"LOST\",\"effectiveAt\":\"" + at + "\","
                + "\"holderPin\":\"";
        for (int i = 0; i < HolderRegister.MAX_FAILED; i++) {
            assertThat(report("sh-officer", guess + String.format("%06d", i) + "\"}").statusCode()).isEqualTo(400);
        }
        HttpResponse<String> locked = report("sh-officer", guess + "654321\"}");
        assertThat(locked.statusCode()).as("even the right PIN, now").isEqualTo(403);
        assertThat(locked.body()).isEqualTo("{\"error\":\"card 0000********0027: 5 wrong answers in a row; its "
                + "holder goes to a counter of 3205\"}");
        holders.load(register);
        assertThat(report("sh-officer", guess + "654321\"}").statusCode()).as("registered again").isEqualTo(201);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hotlist_entry WHERE card IN (?, ?, ?, ?)", Integer.class,
                citizen, named, anonymous, guessed)).isEqualTo(3);

        // The counters' report of the day: Shanghai's shows what its staff listed, Suzhou's what was listed of its cards.
        for (String officer : List.of("sh-officer", "sz-officer")) {
            HttpResponse<String> reports = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/counter/reports?date=" + java.time.LocalDate.now())).header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((officer + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reports.body()).as(officer).startsWith("card,issuer,reason,listed_from,reported_by,reporter_city,"
                    + "reported_at,found_at\n").contains("\n0000********0021,3205,LOST," + at + ",sh-officer,3100,")
                    .contains("\n0000********0023,3205,STOLEN,").doesNotContain(citizen);
        }
    }

    /** A register of Suzhou's holders with {@code lines}, its trailer counted and hashed. */
    private static Path register(List<String> lines) throws Exception {
        String body = String.join("\n", lines) + "\n";
        return Files.writeString(Files.createTempFile(DIR, "holders-3205-", ".txt"), "H|HOLDER_REGISTER|1|3205|"
                + "20261204\n" + body + ControlledFrame.trailer(lines) + "\n");
    }

    private HttpResponse<String> report(String user, String json) throws Exception {
        return report(user, json, PASSWORD);
    }

    private HttpResponse<String> report(String user, String json, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/hotlist"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private java.security.PublicKey centreKey() throws Exception {
        Path pem = Files.write(DIR.resolve("centre.pub"), get("/api/v1/hotlist/key").body());
        return CentreSignature.readPublicKey(pem);
    }

    private static Path temp() {
        try {
            return Files.createTempDirectory("hotlist-api");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
