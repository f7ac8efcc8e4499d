package cn.yrd.onecard.settlement.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.pki.Profile;
import cn.yrd.onecard.pki.RegionalPki;
import cn.yrd.onecard.pki.RelyingParty;
import cn.yrd.onecard.pki.Role;
import cn.yrd.onecard.pki.TlsLinks;
import cn.yrd.onecard.settlement.cli.SettleCommand;
import cn.yrd.onecard.settlement.keys.SettlementKeystore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The settlement service over HTTPS with the centre's certificate from the region's bridge ({@code settle serve
 * --tls-key}, whose properties this test uses): a browser that has the bridge's certificate installed trusts the
 * finance pages for the address the certificate names; the browser is told to keep to HTTPS (HSTS), the session cookie
 * never travels in clear text (Secure) nor reaches scripts (HttpOnly), and the content security policy holds. A
 * terminal checks the host as {@code terminal hotlist --pki} does: a service the bridge certified.
 */
@ServiceTest(schema = "settlement_https", webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FinancePagesOverHttpsTest {
    private static final Path DIR = temp();
    private static final String STORE_PASSWORD = "web-test-" + Long.toHexString(new SecureRandom().nextLong());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path keystore = DIR.resolve("settlement.p12");
        SettlementKeystore.generate(keystore, "onecard-test".toCharArray(), new SecureRandom());
        registry.add("onecard.settlement.keystore", keystore::toString);
        RegionalPki pki = new RegionalPki(DIR.resolve("pki"), STORE_PASSWORD.toCharArray(), new SecureRandom());
        pki.initBridge(Profile.ECDSA);
        pki.initCity(Cities.byCode("3100"));
        pki.crossCertify(Cities.byCode("3100"));
        pki.issueForCentre("settlement", 2, "127.0.0.1");
        pki.crl(RegionalPki.BRIDGE, 7);
        pki.crl("3100", 7);
        SettleCommand.https(DIR.resolve("pki/issued/centre/settlement.p12"), STORE_PASSWORD)
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @LocalServerPort
    int port;

    @Test
    void overHttpsTheBrowserIsToldToStayOnHttpsAndTheSessionCookieIsSecureAndHttpOnly() throws Exception {
        HttpResponse<String> login = browser().send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                + "/login")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Strict-Transport-Security")).as("HSTS").hasValueSatisfying(
                v -> assertThat(v).contains("max-age=").contains("includeSubDomains"));
        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                v -> assertThat(v).contains("default-src 'self'").contains("frame-ancestors 'none'"));
        List<String> cookies = login.headers().allValues("Set-Cookie");
        assertThat(cookies).as("the login form's session (its CSRF token)").anySatisfy(c -> assertThat(c)
                .startsWith("JSESSIONID=").contains("; Secure").contains("; HttpOnly").contains("SameSite=Strict"));
    }

    @Test
    void theCertificateNamesTheAddressItServesOnAndNoOther() throws Exception {
        // localhost is the same machine, but not a name the certificate was issued for: a browser refuses it.
        assertThatThrownBy(() -> browser().send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                + "/login")).GET().build(), HttpResponse.BodyHandlers.ofString()))
                .hasRootCauseMessage("No name matching localhost found");
    }

    @Test
    void aShanghaiTerminalTakesTheHotlistFromTheCentresHost() throws Exception {
        List<String> refused = new ArrayList<>();
        SSLContext terminal = TlsLinks.trusting(DIR.resolve("pki"), RelyingParty.of(Cities.byCode("3100")),
                Role.SERVICE, TlsLinks.ofTheCentre(DIR.resolve("pki")), refused::add, Clock.systemUTC());
        HttpResponse<String> list = HttpClient.newBuilder().sslContext(terminal).build().send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/api/v1/hotlist")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused).isEmpty();
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).startsWith("H|HOTLIST|1|");
    }

    /** A browser with the region's bridge certificate installed as a root: it checks the host name, too. */
    private static HttpClient browser() throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("bridge", RegionalPki.read(DIR.resolve("pki/bridge.crt")));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    private static Path temp() {
        try {
            return Files.createTempDirectory("onecard-https");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
