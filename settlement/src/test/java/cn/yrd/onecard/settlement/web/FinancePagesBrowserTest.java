package cn.yrd.onecard.settlement.web;

import static cn.yrd.onecard.settlement.intake.ClearingOutbox.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.settlement.SettlementTables;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.settlement.audit.AuditTrail;
import cn.yrd.onecard.settlement.day.DaySettlement;
import cn.yrd.onecard.settlement.intake.ClearingDayReader;
import cn.yrd.onecard.settlement.intake.ClearingOutbox;
import cn.yrd.onecard.settlement.ledger.Ledger;
import cn.yrd.onecard.settlement.suspense.SuspenseQueue;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The finance pages in a real browser (Debian's chromium and chromedriver, headless) on the settled sample day:
 * two cities' officers each see only their own figures, and those figures are the ledger's; the regional officer
 * sees the region and decides a suspense item; the auditor only reads.
 */
@ServiceTest(schema = "settlement_web", webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FinancePagesBrowserTest {
    private static final String PASSWORD = "correct horse battery";
    private static WebDriver browser;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        Path keystore = Files.createTempDirectory("web").resolve("settlement.p12");
        cn.yrd.onecard.settlement.keys.SettlementKeystore.generate(keystore, "onecard-test".toCharArray(),
                new java.security.SecureRandom());
        registry.add("onecard.settlement.keystore", keystore::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    Ledger ledger;

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    cn.yrd.onecard.settlement.report.DayFigures figures;

    @BeforeAll
    static void settledDayUsersAndABrowser(@Autowired DaySettlement settlement, @Autowired FinanceUsers users,
            @Autowired JdbcTemplate jdbc) throws Exception {
        SettlementTables.empty(jdbc);
        Path outbox = Files.createTempDirectory("outbox");
        ClearingOutbox.sampleDayWithMerchants(outbox);
        settlement.settle(ClearingDayReader.read(outbox, DAY));
        users.save("sh-officer", PASSWORD, "CITY", "3100");
        users.save("sz-officer", PASSWORD, "CITY", "3205");
        users.save("region", PASSWORD, "REGION", null);
        users.save("auditor", PASSWORD, "AUDITOR", null);

        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-background-networking",
                        "--disable-dev-shm-usage");
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build(), options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
    }

    @BeforeEach
    void nobodyLoggedIn() {
        browser.manage().deleteAllCookies();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void eachCitysOfficerSeesOnlyThatCityAndItsFiguresAreTheLedgers() throws Exception {
        Map<String, Long> balances = ledger.balances(DAY);
        for (String[] officer : List.of(new String[] {"sh-officer", "3100", "3205"},
                new String[] {"sz-officer", "3205", "3100"})) {
            logIn(officer[0]);
            assertThat(browser.getCurrentUrl()).endsWith("/days/2026-11-23/cities/" + officer[1]);
            // A debtor's SETTLEMENT account is debited with what it owes: its net position is the negative.
            long net = -balances.get(officer[1] + ".SETTLEMENT");
            assertThat(text("net")).isEqualTo(Fen.asYuan(net));
            assertThat(browser.findElement(By.id("position")).getAttribute("data-net-fen")).isEqualTo(Long.toString(net));
            assertThat(browser.getPageSource()).doesNotContain("3205000000000002").contains("****");

            assertThat(download("/days/2026-11-23/cities/" + officer[1] + "/report.pdf").statusCode()).isEqualTo(200);
            assertThat(download("/days/2026-11-23/cities/" + officer[2] + "/report.pdf").statusCode()).isEqualTo(403);
            assertThat(download("/days/2026-11-23/positions.csv").statusCode()).isEqualTo(403);

            open("/days/2026-11-23/cities/" + officer[2]);
            assertThat(text("error-message")).isEqualTo("a city's officer sees only that city");
            open("/days/2026-11-23");
            assertThat(text("error-message")).isEqualTo("a city's officer sees only that city");
            open("/");
            logOut();
            assertThat(browser.getCurrentUrl()).endsWith("/login?logout");
        }
    }

    @Test
    void aCitysOfficerSeesItsMerchantsVolumeAndFeeIncomeByCategoryAndTheBiggest() throws Exception {
        logIn("sz-officer");
        browser.findElement(By.id("merchants-link")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/merchants"));
        assertThat(browser.getCurrentUrl()).endsWith("/days/2026-11-23/cities/3205/merchants");
        // The figures by category, as the ledger's tables hold them, summed here apart from the page's code.
        Map<String, Long> gross = new java.util.TreeMap<>();
        Map<String, Long> discount = new java.util.TreeMap<>();
        jdbc.query("SELECT category, SUM(gross), SUM(discount) FROM merchant_payout WHERE city = '3205' "
                + "GROUP BY category", (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    gross.put(rs.getString(1), rs.getLong(2));
                    discount.put(rs.getString(1), rs.getLong(3));
                });
        assertThat(gross).containsOnlyKeys("RETAIL", "TAXI");
        List<WebElement> categories = browser.findElements(By.cssSelector("#categories tr[data-category]"));
        assertThat(categories).extracting(r -> r.getAttribute("data-category")).containsExactly("RETAIL", "TAXI");
        for (WebElement row : categories) {
            String category = row.getAttribute("data-category");
            assertThat(Long.parseLong(row.getAttribute("data-gross-fen"))).isEqualTo(gross.get(category));
            assertThat(Long.parseLong(row.getAttribute("data-discount-fen"))).isEqualTo(discount.get(category));
        }
        // Fee income: the discounts less what the Shanghai card's issuer kept back on the MERCHANT line.
        long kept = jdbc.queryForObject("SELECT SUM(fees) FROM pair_total WHERE business_line = 'MERCHANT' "
                + "AND payee_city = '3205'", Long.class);
        long discounts = discount.values().stream().mapToLong(Long::longValue).sum();
        assertThat(browser.findElement(By.id("summary")).getAttribute("data-fee-income-fen"))
                .isEqualTo(Long.toString(discounts - kept));
        assertThat(browser.findElements(By.cssSelector("#biggest tr[data-merchant]")))
                .extracting(r -> r.getAttribute("data-merchant")).as("the taxi took more than the tea house")
                .containsExactly("320500000000305", "320500000000017");
        assertThat(browser.getPageSource()).doesNotContain("622202320500001234");
        // The statements are checked against the MERCHANT totals before anything is shown: a fen planted on one fails.
        jdbc.update("UPDATE merchant_payout SET gross = gross + 1, net = net + 1 WHERE merchant_id = '320500000000017'");
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> figures.merchants(DAY,
                    cn.yrd.onecard.city.Cities.byCode("3205"))).isInstanceOf(IllegalStateException.class)
                    .hasMessage("3205's merchants on 2026-11-23 do not add up: their statements say 3 payments, 45.91 "
                            + "yuan; the MERCHANT totals 3 payments, 45.90 yuan");
        } finally {
            jdbc.update("UPDATE merchant_payout SET gross = gross - 1, net = net - 1 "
                    + "WHERE merchant_id = '320500000000017'");
        }
        HttpResponse<byte[]> csv = download("/days/2026-11-23/cities/3205/merchants.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(new String(csv.body(), java.nio.charset.StandardCharsets.UTF_8).lines()).hasSize(4).last()
                .isEqualTo("2026-11-23,3205,TOTAL,,,3,4590,33,4557,");
        logOut();

        logIn("sh-officer");
        open("/days/2026-11-23/cities/3205/merchants");
        assertThat(text("error-message")).isEqualTo("a city's officer sees only that city");
        open("/days/2026-11-23/cities/3100/merchants");
        assertThat(text("no-merchants")).isEqualTo("No merchant of the city took a payment this day.");
        logOut();
    }

    @Test
    void aCitysOfficerSeesItsFundsAwayFromHomeAsTheLedgerHoldsThem() throws Exception {
        logIn("sh-officer");
        browser.findElement(By.id("funds-link")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/funds"));
        assertThat(browser.getCurrentUrl()).endsWith("/months/2026-11/cities/3100/funds");
        // The sample day's claim of a Shanghai insured in Hangzhou: the fund's account in the ledger, read here.
        long fund = ledger.balances(DAY).get("3100.FUND.MEDICAL");
        WebElement medical = browser.findElement(By.id("fund-medical"));
        assertThat(medical.getAttribute("data-closing-fen")).isEqualTo(Long.toString(fund));
        assertThat(medical.getAttribute("data-opening-fen")).isEqualTo("0");
        assertThat(browser.findElements(By.cssSelector("#fund-medical tr[data-city]")))
                .extracting(r -> r.getAttribute("data-city"), r -> r.getAttribute("data-net-fen"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("3301", Long.toString(fund)));
        // The bureau's count by the hospital's level: the claim was an outpatient's at a level-three hospital.
        assertThat(browser.findElements(By.cssSelector("#by-care tr[data-insured-care]")))
                .extracting(r -> r.getAttribute("data-insured-care"), r -> r.getAttribute("data-claimed-fen"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("THREE-OUTPATIENT", Long.toString(fund)));
        HttpResponse<byte[]> csv = download("/months/2026-11/cities/3100/funds.csv");
        assertThat(new String(csv.body(), java.nio.charset.StandardCharsets.UTF_8).lines())
                .contains("2026-11,3100,MEDICAL,TOTAL,1,5000,5000,0,0,0,0,0,5000");
        assertThat(download("/months/2026-11/cities/3205/funds.csv").statusCode()).isEqualTo(403);
        assertThat(download("/months/November/cities/3100/funds.csv").statusCode()).isEqualTo(400);
        open("/months/2026-10/cities/3100/funds");
        assertThat(text("no-business")).isEqualTo("No business away from home this month.");
        logOut();
    }

    @Test
    void theRegionalOfficerSeesEveryPositionTheLedgerHoldsAndTheySumToZero() {
        logIn("region");
        assertThat(browser.getCurrentUrl()).endsWith("/days/2026-11-23");
        Map<String, Long> balances = ledger.balances(DAY);
        List<WebElement> rows = browser.findElements(By.cssSelector("#positions tr[data-city]"));
        assertThat(rows).hasSize(16);
        for (WebElement row : rows) {
            long onPage = Long.parseLong(row.getAttribute("data-net-fen"));
            assertThat(onPage).isEqualTo(-balances.getOrDefault(row.getAttribute("data-city") + ".SETTLEMENT", 0L));
        }
        assertThat(text("positions-sum")).isEqualTo("0.00");
        assertThat(browser.findElements(By.cssSelector("#position-chart rect.bar"))).hasSize(16);
        assertThat(browser.findElements(By.cssSelector("#trend-chart circle.point"))).hasSize(1);
        logOut();
    }

    @Test
    void aRegionalOfficerReleasesASuspenseItemWithAReasonAndTheAuditTrailSaysWhoAndWhy() {
        logIn("region");
        open("/days/2026-11-23/suspense");
        long id = jdbc.queryForObject("SELECT id FROM suspense_item WHERE reason = 'T01'", Long.class);
        WebElement row = browser.findElement(By.id("item-" + id));
        row.findElement(By.cssSelector("form input[name=note]")).sendKeys("<script>alert(1)</script> TAC key rolled");
        row.findElement(By.cssSelector("button.release")).click();
        answered();

        assertThat(text("message")).isEqualTo("item " + id + ": release recorded");
        assertThat(browser.findElement(By.cssSelector("#item-" + id + " td.status")).getText())
                .isEqualTo("RELEASED by region: <script>alert(1)</script> TAC key rolled");
        assertThat(audit.about(SuspenseQueue.subject(id))).singleElement()
                .satisfies(e -> assertThat(e.username() + " " + e.action()).isEqualTo("region RELEASE"));
        assertThat(ledger.balances(java.time.LocalDate.now())).containsEntry("3205.DUE_FROM.TRANSIT", 99L);

        row = browser.findElement(By.id("item-" + id));
        assertThat(row.findElements(By.cssSelector("button"))).as("decided once").isEmpty();
        logOut();
    }

    @Test
    void theAuditorReadsButCannotDecideAndAFormWithoutItsCsrfTokenIsRefused() throws Exception {
        logIn("auditor");
        open("/days/2026-11-23/suspense");
        assertThat(browser.findElements(By.cssSelector("#queue button"))).isEmpty();
        logOut();

        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(url("/days/2026-11-23/suspense/1/write-off")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("note=forged")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM suspense_item WHERE status = 'WRITTEN_OFF'", Integer.class))
                .isZero();
    }

    /**
     * A city's officer lists its own city's cards, from now or the last week, and nothing else: Suzhou's could list a
     * Shanghai card, one backdated to 2020 and a serial no one issued. The region lists any city's card.
     */
    @Test
    void aCitysOfficerHotlistsOnlyItsOwnCitysCardsFromAboutNow() {
        String now = java.time.LocalDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
        logIn("sz-officer");
        hotlist("3100000000000001", now);
        assertThat(text("error")).isEqualTo("card 3100********0001 was issued by 3100: only 3100's staff or the region "
                + "report it, or a counter of another city that checked the holder (their PIN or ID number)");
        hotlist("3205000000000002", "2020-01-01T00:00");
        assertThat(text("error")).startsWith("the card is hotlisted from a time between ").endsWith(", not 2020-01-01T00:00");
        hotlist("3205000000009999", now);
        assertThat(text("error")).isEqualTo("card 3205********9999 is not in the centre's records: check the serial");
        hotlist("3205000000000002", now);
        assertThat(text("message")).startsWith("listed in hotlist version ");
        found("3100000000000001");
        assertThat(text("error")).isEqualTo("card 3100********0001 was issued by 3100: only 3100's staff or the region "
                + "take it off the list");
        found("3205000000000001");
        assertThat(text("error")).isEqualTo("card 3205********0001 is not hotlisted");
        found("3205000000000002");
        assertThat(text("message")).startsWith("off the list from hotlist version ");
        logOut();
        logIn("region");
        hotlist("3100000000000001", now);
        assertThat(text("message")).startsWith("listed in hotlist version ");
        logOut();
    }

    /**
     * At Suzhou's counter: a card listed eight days ago is refunded once, the amount its shadow balance, and the day's
     * table shows it; refunding it again, or replacing a card listed an hour ago, says why not and changes nothing.
     */
    @Test
    void aCountersOfficerRefundsALostCardOnceAndSeesTheDaysDecisions() {
        java.time.LocalDateTime now = java.time.LocalDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        for (Object[] c : new Object[][] {{"3205000000000031", now.minusDays(8)}, {"3205000000000032", now.minusHours(1)}}) {
            jdbc.update("INSERT INTO card_shadow (card, issuer_city, balance, last_txn_time, last_counter, "
                    + "business_date) VALUES (?, '3205', 1234, ?, 3, ?)", c[0], now.minusDays(9),
                    now.minusDays(9).toLocalDate());
            jdbc.update("INSERT INTO hotlist_entry (card, reason, effective_at, version, reported_by, reported_at) "
                    + "VALUES (?, 'LOST', ?, 0, 'test', ?)", c[0], c[1], c[1]);
        }
        logIn("sz-officer");
        counter("refundCard", "3205000000000031", "refund");
        assertThat(text("message")).startsWith("card 3205********0031 refunded at ").endsWith(": 12.34 yuan");
        assertThat(browser.findElement(By.id("cases")).getText()).contains("3205********0031 3205 REFUNDED 1234 3205");
        counter("refundCard", "3205000000000031", "refund");
        assertThat(text("error")).startsWith("card 3205********0031 was refunded at ").endsWith(" by sz-officer: once only");
        open("/counter");
        browser.findElement(By.id("replacedCard")).sendKeys("3205000000000032");
        browser.findElement(By.id("newCard")).sendKeys("3205000000009031");
        browser.findElement(By.id("replace")).click();
        answered();
        assertThat(text("error")).startsWith("card 3205********0032 can be replaced from ");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM card_case", Integer.class)).isEqualTo(1);
        logOut();
    }

    private void counter(String field, String card, String button) {
        open("/counter");
        browser.findElement(By.id(field)).sendKeys(card);
        browser.findElement(By.id(button)).click();
        answered();
    }

    private void found(String card) {
        open("/hotlist");
        browser.findElement(By.id("foundCard")).sendKeys(card);
        browser.findElement(By.id("found")).click();
        answered();
    }

    private void hotlist(String card, String from) {
        open("/hotlist");
        browser.findElement(By.id("card")).sendKeys(card);
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('effectiveAt').value = arguments[0]", from);
        browser.findElement(By.id("report")).click();
        answered();
    }

    /** Five wrong passwords in the login form lock the user out: the right one then fails too (before: 20 did not). */
    @Test
    void fiveWrongPasswordsLockTheUserOut(@Autowired FinanceUsers users) throws Exception {
        users.save("nj-officer", PASSWORD, "CITY", "3201");
        for (int i = 0; i < 5; i++) {
            open("/login");
            browser.findElement(By.id("username")).sendKeys("nj-officer");
            browser.findElement(By.id("password")).sendKeys("wrong password " + i);
            browser.findElement(By.id("login")).click();
            refusedLogin();
        }
        open("/login");
        browser.findElement(By.id("username")).sendKeys("nj-officer");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("login")).click();
        refusedLogin();
        assertThat(audit.about("user:nj-officer")).extracting(AuditTrail.Event::action).containsExactly("LOGIN_LOCKED");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/login"))).build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'; "
                + "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'");
    }

    @Test
    void aWrongPasswordIsTurnedAway() {
        open("/login");
        browser.findElement(By.id("username")).sendKeys("region");
        browser.findElement(By.id("password")).sendKeys("' OR '1'='1");
        browser.findElement(By.id("login")).click();
        refusedLogin();
        open("/days/2026-11-23");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    /** A download in the browser's session (the browser's own downloads are not inspectable headless). */
    private HttpResponse<byte[]> download(String path) throws Exception {
        String session = browser.manage().getCookieNamed("JSESSIONID").getValue();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Cookie", "JSESSIONID=" + session).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void logIn(String user) {
        open("/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("login")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** A form's answer: the page with its message or its error (the form's page before it has neither). */
    private static void answered() {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("message")).isEmpty()
                || !d.findElements(By.id("error")).isEmpty());
    }

    /**
     * The login form came back refusing: waited for, since a click returns before the browser has loaded the page it
     * asked for (reading the page at once once found the form still unsubmitted, in CI).
     */
    private void refusedLogin() {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/login?error"));
        assertThat(browser.getPageSource()).contains("Wrong user name or password.");
    }

    private void logOut() {
        browser.findElement(By.id("logout")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/login"));
    }

    private void open(String path) {
        browser.get(url(path));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }
}
