package cn.yrd.onecard.terminal.medical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.pki.Profile;
import cn.yrd.onecard.pki.RegionalPki;
import cn.yrd.onecard.pki.RelyingParty;
import cn.yrd.onecard.pki.Role;
import cn.yrd.onecard.pki.TlsLinks;
import cn.yrd.onecard.terminal.medical.MedicalHost.Answer;
import cn.yrd.onecard.terminal.medical.MedicalHost.ClaimRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suzhou's medical host answers a Shanghai hospital's counter over the network: the split and the claim id, the
 * refusal in one line, the same claim for a request sent again; a malformed request is told what is wrong; a host
 * that does not answer is said so. Over mutual TLS with the region's certificates only a hospital's certificate gets
 * a connection, and a hospital asks in its own name only.
 */
class MedicalHostOverNetworkTest {
    private static final char[] PASSWORD = "test-only".toCharArray();
    private static final City SUZHOU = Cities.byCode("3205");
    private static final City SHANGHAI = Cities.byCode("3100");

    @TempDir
    Path dir;

    @Test
    void aHospitalOfAnotherCityAsksTheHomeHostAndGetsEachClaimOnce() throws Exception {
        try (MedicalHost host = host();
                MedicalHostServer server = new MedicalHostServer(host, "127.0.0.1", 0, null)) {
            MedicalHostClient counter = new MedicalHostClient(URI.create("http://127.0.0.1:" + server.port()), null);
            Answer paid = counter.claim(request("SHH001-41", "SHH001", 150_000));
            assertThat(paid.claimId()).isEqualTo("3205-2026-000001");
            assertThat(paid.split()).isEqualTo(new Reimbursement.Split(150_000, 100_000, 35_000, 30_000, 85_000,
                    false));
            assertThat(counter.claim(request("SHH001-41", "SHH001", 150_000))).as("the retry").isEqualTo(paid);
            assertThat(counter.reverse(new MedicalHost.ReversalRequest("SHH001-R1", paid.claimId(), "SHH001"))
                    .claimId()).isEqualTo("3205-2026-000001-R");
            assertThat(host.year("320500001").fundPaid()).as("reversed").isZero();
            paid = counter.claim(request("SHH001-44", "SHH001", 150_000));
            assertThat(host.year("320500001").fundPaid()).isEqualTo(35_000);
            assertThat(counter.claim(new ClaimRequest("SHH001-42", "320500003", SHANGHAI, "SHH001",
                    MedicalHostTest.LEVEL_3_INPATIENT, 1_000)).refused())
                    .isEqualTo("card *****0003: the insured person is recorded deceased");

            HttpResponse<String> malformed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/claims")).POST(HttpRequest.BodyPublishers
                    .ofString("{\"requestId\":\"X\",\"card\":\"320500001\",\"serviceCity\":\"3100\","
                            + "\"hospitalId\":\"SHH001\",\"level\":\"FOUR\",\"kind\":\"INPATIENT\",\"total\":1}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body()).contains("malformed claim request: a hospital's level is ONE, TWO or THREE, "
                    + "got 'FOUR'");
        }
        MedicalHostClient nobody = new MedicalHostClient(URI.create("http://127.0.0.1:9"), null);
        assertThatThrownBy(() -> nobody.claim(request("SHH001-43", "SHH001", 1_000))).isInstanceOf(IOException.class)
                .hasMessageStartingWith("the home city's medical host at http://127.0.0.1:9/claims does not answer");
    }

    @Test
    void overMutualTlsOnlyAHospitalOfTheRegionAsksAndOnlyInItsOwnName() throws Exception {
        RegionalPki pki = new RegionalPki(dir.resolve("pki"), PASSWORD, new SecureRandom());
        pki.initBridge(Profile.ECDSA);
        for (City city : List.of(SUZHOU, SHANGHAI)) {
            pki.initCity(city);
            pki.crossCertify(city);
        }
        pki.issue(SUZHOU, Role.MEDICAL_HOST, "medical-host-3205", 30);
        pki.issue(SHANGHAI, Role.SENDER, "SHH001", 30);
        pki.issue(SHANGHAI, Role.KIOSK, "000000000077", 30);
        for (String issuer : List.of(RegionalPki.BRIDGE, "3100", "3205")) {
            pki.crl(issuer, 7);
        }
        List<String> refusedAtHost = new CopyOnWriteArrayList<>();
        SSLContext hostTls = TlsLinks.context(dir.resolve("pki"), issued("3205", "medical-host-3205"), PASSWORD,
                RelyingParty.of(SUZHOU), Role.SENDER, h -> Optional.empty(), refusedAtHost::add, Clock.systemUTC());
        try (MedicalHost host = host();
                MedicalHostServer server = new MedicalHostServer(host, "127.0.0.1", 0, hostTls)) {
            URI https = URI.create("https://127.0.0.1:" + server.port());
            MedicalHostClient hospital = new MedicalHostClient(https, client("SHH001"));
            assertThat(hospital.claim(request("SHH001-1", "SHH001", 150_000)).approved()).isTrue();
            assertThatThrownBy(() -> hospital.claim(request("SHH001-2", "SHH002", 1_000)))
                    .hasMessageContaining("403: the hospital's certificate is of hospital SHH001, not of SHH002");

            MedicalHostClient kiosk = new MedicalHostClient(https, client("000000000077"));
            assertThatThrownBy(() -> kiosk.claim(request("K-1", "000000000077", 1_000)))
                    .isInstanceOf(IOException.class);
            assertThat(refusedAtHost).singleElement().asString().contains("wrong role");
            assertThat(host.year("320500001").fundPaid()).as("only the hospital's claim").isEqualTo(35_000);
        }
    }

    private SSLContext client(String holder) throws Exception {
        return TlsLinks.context(dir.resolve("pki"), issued("3100", holder), PASSWORD, RelyingParty.of(SHANGHAI),
                Role.MEDICAL_HOST, h -> Optional.empty(), why -> { }, Clock.systemUTC());
    }

    private Path issued(String city, String name) {
        return dir.resolve("pki/issued/" + city + "/" + name + ".p12");
    }

    private MedicalHost host() throws Exception {
        return new MedicalHost(MedicalHostTest.register(dir), MedicalHostTest.suzhou(30_000_000), MedicalHostTest.AUTHORISED,
                dir.resolve("host"), MedicalHostTest.IN_2026);
    }

    private static ClaimRequest request(String id, String hospital, long total) {
        return new ClaimRequest(id, "320500001", SHANGHAI, hospital, MedicalHostTest.LEVEL_3_INPATIENT, total);
    }
}
