package cn.yrd.onecard.settlement.cardcase;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.settlement.SettlementTables;
import cn.yrd.onecard.settlement.card.CardFloat;
import cn.yrd.onecard.settlement.ledger.Ledger;
import cn.yrd.onecard.settlement.api.CityAppTokens;
import cn.yrd.onecard.settlement.day.DaySettlement;
import cn.yrd.onecard.settlement.intake.ClearingDayReader;
import cn.yrd.onecard.settlement.intake.ClearingOutbox;
import cn.yrd.onecard.settlement.keys.SettlementKeystore;
import cn.yrd.onecard.settlement.netting.InstructionFile;
import cn.yrd.onecard.settlement.netting.NetPosition;
import cn.yrd.onecard.settlement.netting.SettlementInstruction;
import cn.yrd.onecard.settlement.reconciliation.Break;
import cn.yrd.onecard.settlement.reconciliation.Reconciliation;
import cn.yrd.onecard.settlement.web.FinanceUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A lost card's money at a city's counter: replaced onto a new card or refunded in cash, once, after its issuer's
 * waiting period, never with records in suspense, by another city's counter only with the holder's proof; between two
 * cities the money is posted and netted by the next settled day.
 */
@ServiceTest(schema = "settlement_cards", webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CardCasesTest {
    private static final Path DIR = temp();
    private static final String PASSWORD = "correct horse battery";
    private static final KeyPair CITY_APP = CityAppTokens.key();
    /** Listed eight days ago (past Suzhou's seven-day wait), two days ago (not yet), never, with a ride in suspense. */
    private static final String REPLACED = "3205000000000021";
    private static final String TOO_SOON = "3205000000000022";
    private static final String NOT_LISTED = "3205000000000023";
    private static final String SUSPENDED = "3205000000000024";
    private static final String REFUNDED_AWAY = "3205000000000025";
    /** Shanghai waits one day: listed two days ago, its card is refunded at home. */
    private static final String SHANGHAI = "3100000000000026";
    private static final String NEW_CARD = "3205000000009001";
    /** Listed eight days ago, refunded to the holder's bank card at a Shanghai counter. */
    private static final String TO_BANK = "3205000000000027";
    private static final String BANK_CARD = "6222021234567890128";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path keystore = DIR.resolve("settlement.p12");
        SettlementKeystore.generate(keystore, "onecard-test".toCharArray(), new SecureRandom());
        registry.add("onecard.settlement.keystore", keystore::toString);
        Path pem = CityAppTokens.publicKey(CITY_APP, DIR.resolve("city-app.pub"));
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
        registry.add("onecard.cards.waiting-period.3100", () -> "P1D");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void cards(@Autowired FinanceUsers users, @Autowired JdbcTemplate jdbc) {
        SettlementTables.empty(jdbc);
        users.save("sz-officer", PASSWORD, "CITY", "3205");
        users.save("sh-officer", PASSWORD, "CITY", "3100");
        users.save("auditor", PASSWORD, "AUDITOR", null);
        users.save("region", PASSWORD, "REGION", null);
        LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES);
        Object[][] cards = {{REPLACED, "3205", 2345, now.minusDays(8)}, {TOO_SOON, "3205", 1000, now.minusDays(2)},
            {NOT_LISTED, "3205", 500, null}, {SUSPENDED, "3205", 700, now.minusDays(8)},
            {REFUNDED_AWAY, "3205", 900, now.minusDays(8)}, {SHANGHAI, "3100", 300, now.minusDays(2)},
            {TO_BANK, "3205", 1234, now.minusDays(8)}};
        jdbc.update("INSERT INTO hotlist_version (version, published_at) VALUES (1, ?)", now.minusDays(8));
        for (Object[] c : cards) {
            jdbc.update("INSERT INTO card_shadow (card, issuer_city, balance, last_txn_time, last_counter, "
                    + "business_date) VALUES (?, ?, ?, ?, 9, ?)", c[0], c[1], c[2], now.minusDays(9),
                    now.minusDays(9).toLocalDate());
            if (c[3] != null) {
                jdbc.update("INSERT INTO hotlist_entry (card, reason, effective_at, version, reported_by, reported_at) "
                        + "VALUES (?, 'LOST', ?, 1, 'test', ?)", c[0], c[3], c[3]);
            }
        }
        jdbc.update("INSERT INTO suspense_item (business_date, day_file, line_no, business_line, card, payer_city, "
                + "payee_city, amount, fee, txn_time, reason, status) VALUES (?, 'BUS3205-1.txt', 2, 'TRANSIT', ?, "
                + "'3205', '3205', 200, 0, ?, 'B02', 'OPEN')", now.minusDays(9).toLocalDate(), SUSPENDED,
                now.minusDays(9));
    }

    @Test
    void aCardIsReplacedOnceItsMoneyOnTheNewCardAndNothingElseMayBeDoneWithIt() throws Exception {
        String replacement = "{\"newCard\":\"" + NEW_CARD + "\"}";
        HttpResponse<String> replaced = post("sz-officer", REPLACED, "replacement", replacement, null, "sz-0001-retry");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(201);
        assertThat(replaced.body()).contains("\"amountFen\":2345").contains("\"outcome\":\"REPLACED\"")
                .contains("\"status\":\"replaced by 3205********9001 at ").contains("\"replayed\":false");
        // The counter lost the answer and sends the same request again: it gets the decision back, nothing twice.
        HttpResponse<String> retried = post("sz-officer", REPLACED, "replacement", replacement, null, "sz-0001-retry");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).contains("\"amountFen\":2345").contains("\"replayed\":true");
        assertThat(post("sz-officer", REPLACED, "replacement", "{\"newCard\":\"3205000000009009\"}", null,
                "sz-0001-retry").body()).isEqualTo("{\"error\":\"idempotency key sz-0001-retry was used for another "
                        + "request on card 3205********0021\"}");
        assertThat(post("sz-officer", REFUNDED_AWAY, "refund", "", null, "sz-0001-retry").statusCode())
                .as("one key, one request").isEqualTo(400);

        for (String[] again : new String[][] {{"replacement", "{\"newCard\":\"3205000000009002\"}"}, {"refund", ""}}) {
            HttpResponse<String> r = post("sz-officer", REPLACED, again[0], again[1], null);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).startsWith("{\"error\":\"card 3205********0021 was replaced by 3205********9001 at ")
                    .endsWith(" by sz-officer: once only\"}");
        }
        HttpResponse<String> found = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/hotlist/" + REPLACED
                + "/found"))).header("Authorization", basic("sz-officer")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(found.body()).isEqualTo("{\"error\":\"card 3205********0021 was replaced: its money is on the new "
                + "card, it stays listed\"}");
        assertThat(post("sz-officer", TOO_SOON, "replacement", "{\"newCard\":\"" + NEW_CARD + "\"}", null).body())
                .as("a new card is new once").isEqualTo("{\"error\":\"card 3205********9001 is not new: it has a "
                        + "history of its own\"}");
    }

    @Test
    void tooSoonNotListedOrWithRecordsInSuspenseNothingIsDecided(@Autowired JdbcTemplate jdbc) throws Exception {
        HttpResponse<String> soon = post("sz-officer", TOO_SOON, "refund", "", null);
        assertThat(soon.statusCode()).isEqualTo(400);
        assertThat(soon.body()).startsWith("{\"error\":\"card 3205********0022 can be refunded from ")
                .endsWith(", 7 day(s) after it was listed: its last offline rides reach clearing first\"}");
        assertThat(post("sz-officer", NOT_LISTED, "refund", "", null).body()).isEqualTo("{\"error\":\"card "
                + "3205********0023 is not reported lost: report it first, then wait 7 day(s)\"}");
        assertThat(post("sz-officer", SUSPENDED, "replacement", "{\"newCard\":\"3205000000009003\"}", null).body())
                .isEqualTo("{\"error\":\"card 3205********0024 has 1 record(s) in suspense: finance staff release or "
                        + "write them off first, so that its balance is final\"}");
        assertThat(post("auditor", SUSPENDED, "refund", "", null).statusCode()).isEqualTo(403);
        assertThat(post("region", TOO_SOON, "refund", "{\"counterCity\":\"9999\"}", null).body()).as("the region's "
                + "staff say whose counter").isEqualTo("{\"error\":\"say which city's counter it is: counterCity, one "
                        + "of the 16 city codes\"}");
        assertThat(post("sz-officer", TOO_SOON, "refund", "{\"counterCity\":\"3100\"}", null).body())
                .isEqualTo("{\"error\":\"an officer of 3205 works at 3205's counters, not 3100's\"}");
        assertThat(post("sz-officer", "32050000", "refund", "", null).body())
                .isEqualTo("{\"error\":\"a card serial is 16 digits\"}");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM card_case WHERE card IN (?, ?, ?)", Integer.class,
                TOO_SOON, NOT_LISTED, SUSPENDED)).isZero();
        // Shanghai waits one day only: its card listed two days ago is refunded.
        assertThat(post("sh-officer", SHANGHAI, "refund", "", null).statusCode()).isEqualTo(201);
    }

    /**
     * A Suzhou card refunded at a Shanghai counter with the holder's proof: Suzhou owes Shanghai the cash, posted at
     * once and netted by the next settled day, once.
     */
    @Test
    void aRefundAtAnotherCitysCounterNeedsTheHoldersProofAndIsNettedOnce(@Autowired DaySettlement settlement,
            @Autowired JdbcTemplate jdbc, @Autowired CardFloat cardFloat, @Autowired Ledger ledger) throws Exception {
        // The fixture's cards were put in the shadow table without the ledger: what a refund must keep is the
        // difference between what Suzhou's cards hold and what its float account says.
        long unledgered = cardFloat.byIssuer().get("3205") + ledger.balancesOf("CARD_FLOAT").getOrDefault("3205", 0L);
        HttpResponse<String> noProof = post("sh-officer", REFUNDED_AWAY, "refund", "", null);
        assertThat(noProof.statusCode()).isEqualTo(403);
        assertThat(noProof.body()).isEqualTo("{\"error\":\"card 3205********0025 was issued by 3205: a counter of "
                + "another city needs the holder's proof (their city app's token listing the card)\"}");
        assertThat(post("sh-officer", REFUNDED_AWAY, "refund", "", token(List.of(SUSPENDED))).statusCode())
                .as("a token for another card").isEqualTo(403);

        HttpResponse<String> refunded = post("sh-officer", REFUNDED_AWAY, "refund", "", token(List.of(REFUNDED_AWAY)));
        assertThat(refunded.statusCode()).as(refunded.body()).isEqualTo(201);
        assertThat(refunded.body()).contains("\"amountFen\":900");
        assertThat(jdbc.queryForObject("SELECT balance FROM card_shadow WHERE card = ?", Long.class, REFUNDED_AWAY))
                .as("its money left it").isZero();
        assertThat(cardFloat.byIssuer().get("3205") + ledger.balancesOf("CARD_FLOAT").get("3205"))
                .as("the card and Suzhou's float lost the 9.00 together").isEqualTo(unledgered);
        assertThat(journal("CARD-" + REFUNDED_AWAY, jdbc)).as("the cash left Shanghai's till; Suzhou owes Shanghai")
                .containsExactly("[3100.COUNTER_CASH, 0, 900]", "[3100.DUE_TO.CARD, 0, 900]",
                        "[3205.CARD_FLOAT, 900, 0]", "[3205.DUE_FROM.CARD, 900, 0]");

        ClearingOutbox.write(DIR.resolve("outbox"), ClearingOutbox.sampleDay());
        Map<String, Long> nets = settlement.settle(ClearingDayReader.read(DIR.resolve("outbox"), ClearingOutbox.DAY))
                .positions().stream().collect(Collectors.toMap(NetPosition::city, NetPosition::net));
        // The sample day alone: Shanghai -40.99, Suzhou -9.01 (docs/settlement.md); Suzhou pays Shanghai 9.00 more.
        assertThat(nets).containsEntry("3100", -4099L + 900).containsEntry("3205", -901L - 900);
        assertThat(nets.values().stream().mapToLong(Long::longValue).sum()).isZero();
        ClearingOutbox.write(DIR.resolve("outbox"), LocalDate.of(2026, 11, 24), List.of());
        assertThat(settlement.settle(ClearingDayReader.read(DIR.resolve("outbox"), LocalDate.of(2026, 11, 24)))
                .positions().stream().mapToLong(NetPosition::net).map(Math::abs).sum())
                .as("netted once: nothing the next day").isZero();

        String suzhou = get("sz-officer", "/api/v1/counter/cases?date=" + LocalDate.now());
        assertThat(suzhou).startsWith("card,issuer,outcome,amount_fen,amount_yuan,counter_city,new_card,paid_to,"
                + "decided_by,decided_at\n").contains("\n3205********0025,3205,REFUNDED,900,9.00,3100,,cash,sh-officer,");
        assertThat(get("sh-officer", "/api/v1/counter/cases?date=" + LocalDate.now()))
                .contains("3205********0025").doesNotContain("3205********0021");
    }

    /**
     * A refund to the holder's bank card: Suzhou owes the holder until the bank pays, whichever city's counter took
     * it; the next settled day instructs it once, from Suzhou's account to the card (the file's control total with
     * it), and the bank's confirmation closes it. A mistyped card number is refused at the counter.
     */
    @Test
    void aRefundToTheHoldersBankCardIsInstructedOnceAndClosedByTheBank(@Autowired DaySettlement settlement,
            @Autowired Reconciliation reconciliation, @Autowired Ledger ledger, @Autowired JdbcTemplate jdbc)
            throws Exception {
        String holder = token(List.of(TO_BANK));
        HttpResponse<String> mistyped = post("sh-officer", TO_BANK, "refund", "{\"bankAccount\":\"6222021234567890123\"}",
                holder);
        assertThat(mistyped.body()).isEqualTo("{\"error\":\"the bank card number's check digit is wrong: look at the "
                + "card again: nothing was refunded\"}");
        assertThat(post("sh-officer", TO_BANK, "refund", "{\"bankAccount\":\"6222 0212\"}", holder).body())
                .isEqualTo("{\"error\":\"a bank card number is 12 to 19 digits: nothing was refunded\"}");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM card_case WHERE card = ?", Integer.class, TO_BANK))
                .isZero();

        HttpResponse<String> refunded = post("sh-officer", TO_BANK, "refund", "{\"bankAccount\":\"" + BANK_CARD
                + "\"}", holder, "sh-bank-0001");
        assertThat(refunded.statusCode()).as(refunded.body()).isEqualTo(201);
        assertThat(refunded.body()).contains("\"amountFen\":1234").contains("\"paidTo\":\"***************0128\"")
                .doesNotContain(BANK_CARD);
        assertThat(post("sh-officer", TO_BANK, "refund", "", holder, "sh-bank-0001").body()).as("a retry says the same")
                .isEqualTo("{\"error\":\"idempotency key sh-bank-0001 was used for another request on card "
                        + "3205********0027\"}");
        assertThat(journal("CARD-" + TO_BANK, jdbc)).as("no city paid anything yet: Suzhou owes the holder")
                .containsExactly("[3205.CARD_FLOAT, 1234, 0]", "[3205.REFUNDS_DUE, 0, 1234]");
        assertThat(get("sh-officer", "/api/v1/counter/cases?date=" + LocalDate.now()))
                .contains("\n3205********0027,3205,REFUNDED,1234,12.34,3100,,***************0128,sh-officer,");

        LocalDate day = LocalDate.of(2026, 11, 25);
        ClearingOutbox.write(DIR.resolve("bank-day"), day, List.of());
        DaySettlement.Outcome settled = settlement.settle(ClearingDayReader.read(DIR.resolve("bank-day"), day));
        SettlementInstruction refund = new SettlementInstruction("RFD-20261125-3205-001", day, "3205",
                SettlementInstruction.Direction.REFUND, 1234, BANK_CARD);
        assertThat(settled.instructions()).contains(refund);
        assertThat(settled.positions().stream().mapToLong(NetPosition::net).sum()).isZero();
        Path file = InstructionFile.write(DIR.resolve("bank-day/" + day), day, settled.instructions());
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).contains("I|RFD-20261125-3205-001|3205|" + BANK_CARD + "|1234");
        long sum = settled.instructions().stream().mapToLong(SettlementInstruction::amount).sum();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("T|" + settled.instructions().size() + "|" + sum);
        ClearingOutbox.write(DIR.resolve("bank-day"), day.plusDays(1), List.of());
        assertThat(settlement.settle(ClearingDayReader.read(DIR.resolve("bank-day"), day.plusDays(1))).instructions())
                .as("instructed once").noneMatch(i -> i.direction() == SettlementInstruction.Direction.REFUND);

        Path unpaid = confirmation(day, "");
        assertThat(reconciliation.bank(day, unpaid).breaks()).extracting(Break::action)
                .contains("not executed: 3205 -> ***************0128 1234 fen; ask the bank, or send the instruction "
                        + "again");
        assertThat(ledger.balancesOf("REFUNDS_DUE")).containsEntry("3205", -1234L);
        reconciliation.bank(day, confirmation(day, "C|RFD-20261125-3205-001|3205|" + BANK_CARD
                + "|1234|20261126093000|B0042\n"));
        assertThat(ledger.balancesOf("REFUNDS_DUE")).as("paid: Suzhou owes the holder nothing").containsEntry("3205", 0L);
        assertThat(journal("BANK-RFD-20261125-3205-001", jdbc)).containsExactly("[3205.CARD_FUNDS, 0, 1234]",
                "[3205.REFUNDS_DUE, 1234, 0]");
        assertThat(ledger.unbalancedEntries()).isEmpty();
    }

    /** The bank's confirmation of {@code day}: {@code lines}, each a C line, under their trailer. */
    private static Path confirmation(LocalDate day, String lines) throws Exception {
        long count = lines.lines().count();
        long sum = lines.lines().mapToLong(l -> Long.parseLong(l.split("\\|")[4])).sum();
        return Files.writeString(DIR.resolve("confirmation-" + day + "-" + count + ".txt"), "H|BANK_CONFIRMATION|1|"
                + day.toString().replace("-", "") + "\n" + lines + "T|" + count + "|" + sum + "\n");
    }

    private static List<String> journal(String reference, JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT l.account, l.debit, l.credit FROM journal_line l JOIN journal_entry e "
                + "ON e.id = l.entry_id WHERE e.reference = ? ORDER BY l.account", reference).stream()
                .map(Map::values).map(Object::toString).toList();
    }

    private HttpResponse<String> post(String user, String card, String what, String json, String holderToken)
            throws Exception {
        return post(user, card, what, json, holderToken, null);
    }

    private HttpResponse<String> post(String user, String card, String what, String json, String holderToken,
            String idempotencyKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/api/v1/counter/cards/" + card + "/" + what)))
                .header("Authorization", basic(user)).header("Content-Type", "application/json")
                .POST(json.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (holderToken != null) {
            b.header("X-Holder-Token", holderToken);
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String user, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", basic(user)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static String token(List<String> cards) throws Exception {
        return CityAppTokens.token(CITY_APP, cards, Instant.now().plusSeconds(600));
    }

    private static Path temp() {
        try {
            return Files.createTempDirectory("card-cases");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
