package cn.yrd.onecard.settlement.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.settlement.keys.SettlementKeystore;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The finance pages served over HTTPS (Spring Boot's {@code server.ssl.*}; the trust issue brings the region's own
 * certificates): the browser is told to keep to HTTPS (HSTS), the session cookie never travels in clear text
 * (Secure) nor reaches scripts (HttpOnly), and the content security policy holds.
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
        Path web = webCertificate();
        registry.add("server.ssl.enabled", () -> "true");
        registry.add("server.ssl.key-store", web::toString);
        registry.add("server.ssl.key-store-type", () -> "PKCS12");
        registry.add("server.ssl.key-store-password", () -> STORE_PASSWORD);
        registry.add("server.ssl.key-alias", () -> "web");
    }

    @LocalServerPort
    int port;

    @Test
    void overHttpsTheBrowserIsToldToStayOnHttpsAndTheSessionCookieIsSecureAndHttpOnly() throws Exception {
        HttpResponse<String> login = client().send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
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

    /** A self-signed certificate for 127.0.0.1, made by the JDK's keytool as an operator would. */
    private static Path webCertificate() throws Exception {
        Path store = DIR.resolve("web.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "web", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", STORE_PASSWORD).redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(said).isZero();
        return store;
    }

    /** A client that trusts that one certificate, and checks the host name against it. */
    private static HttpClient client() throws Exception {
        KeyStore own = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(DIR.resolve("web.p12"))) {
            own.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("web", own.getCertificate("web"));
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
