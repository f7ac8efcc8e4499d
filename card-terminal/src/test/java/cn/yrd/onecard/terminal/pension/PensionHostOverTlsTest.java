package cn.yrd.onecard.terminal.pension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.pki.Profile;
import cn.yrd.onecard.pki.RegionalPki;
import cn.yrd.onecard.pki.RelyingParty;
import cn.yrd.onecard.pki.Role;
import cn.yrd.onecard.pki.TlsLinks;
import java.io.IOException;
import java.net.URI;
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
 * Suzhou's pension host over mutual TLS with the region's certificates: a Hangzhou pension agent's certificate gets a
 * connection and asks in its own name only; a kiosk's takes proofs of life in its own name and no payout; a gate
 * terminal's gets no connection; the agent talks to no host but a pension host of the region.
 */
class PensionHostOverTlsTest {
    private static final char[] PASSWORD = "test-only".toCharArray();
    private static final City SUZHOU = Cities.byCode("3205");
    private static final City HANGZHOU = Cities.byCode("3301");

    @TempDir
    Path dir;

    @Test
    void agentsAndKiosksOfTheRegionAreServedInTheirOwnNameAndOnlyAgentsPay() throws Exception {
        RegionalPki pki = new RegionalPki(dir.resolve("pki"), PASSWORD, new SecureRandom());
        pki.initBridge(Profile.ECDSA);
        for (City city : List.of(SUZHOU, HANGZHOU)) {
            pki.initCity(city);
            pki.crossCertify(city);
        }
        pki.issue(SUZHOU, Role.PENSION_HOST, "pension-host-3205", 30);
        pki.issue(SUZHOU, Role.MEDICAL_HOST, "medical-host-3205", 30);
        pki.issue(HANGZHOU, Role.SENDER, "HZAGENT7", 30);
        pki.issue(HANGZHOU, Role.KIOSK, "000000000077", 30);
        pki.issue(HANGZHOU, Role.TERMINAL, "000000000099", 30);
        for (String issuer : List.of(RegionalPki.BRIDGE, "3205", "3301")) {
            pki.crl(issuer, 7);
        }
        List<String> refusedAtHost = new CopyOnWriteArrayList<>();
        SSLContext hostTls = TlsLinks.context(dir.resolve("pki"), issued("3205", "pension-host-3205"), PASSWORD,
                RelyingParty.of(SUZHOU), java.util.Set.of(Role.SENDER, Role.KIOSK), h -> Optional.empty(), refusedAtHost::add,
                Clock.systemUTC());
        try (PensionHost host = new PensionHost(PensionHostTest.register(dir), PensionHostTest.AUTHORISED, dir.resolve("host"),
                PensionHostTest.DEC_1);
                PensionHostServer server = new PensionHostServer(host, "127.0.0.1", 0, hostTls)) {
            URI https = URI.create("https://127.0.0.1:" + server.port());
            PensionHostClient agent = new PensionHostClient(https, client("HZAGENT7", Role.PENSION_HOST, null));
            assertThat(agent.payout(request("HZA7-1", "HZAGENT7")).amount()).isEqualTo(640_000);
            assertThatThrownBy(() -> agent.payout(request("HZA7-2", "HZAGENT9")))
                    .hasMessageContaining("403: the counter's certificate is of counter HZAGENT7, not of HZAGENT9");

            PensionHostClient kiosk = new PensionHostClient(https, client("000000000077", Role.PENSION_HOST, null));
            assertThatThrownBy(() -> kiosk.payout(request("K-1", "000000000077")))
                    .hasMessageContaining("403: a kiosk takes proofs of life; payouts are a pension agent's");
            assertThat(kiosk.certify(new PensionHost.Request("K-2", "320500002", HANGZHOU, "000000000077"))
                    .certifiedUntil()).isEqualTo(java.time.LocalDate.of(2027, 12, 1));
            assertThatThrownBy(() -> kiosk.certify(request("K-3", "000000000078")))
                    .hasMessageContaining("403: the counter's certificate is of counter 000000000077, not of 000000000078");

            PensionHostClient gate = new PensionHostClient(https, client("000000000099", Role.PENSION_HOST, null));
            assertThatThrownBy(() -> gate.certify(request("G-1", "000000000099"))).isInstanceOf(IOException.class);
            assertThat(refusedAtHost).singleElement().asString().contains("wrong role: the certificate is of a "
                    + "terminal, not of a kiosk or sender");

            // An agent that trusts medical hosts only will not talk to a pension host.
            List<String> refusedAtAgent = new CopyOnWriteArrayList<>();
            PensionHostClient confused = new PensionHostClient(https, client("HZAGENT7", Role.MEDICAL_HOST,
                    refusedAtAgent));
            assertThatThrownBy(() -> confused.certify(request("HZA7-3", "HZAGENT7"))).isInstanceOf(IOException.class);
            assertThat(refusedAtAgent).singleElement().asString().contains("wrong role");
        }
    }

    private SSLContext client(String holder, Role host, List<String> refused) throws Exception {
        return TlsLinks.context(dir.resolve("pki"), issued("3301", holder), PASSWORD, RelyingParty.of(HANGZHOU), host,
                h -> Optional.empty(), refused == null ? why -> { } : refused::add, Clock.systemUTC());
    }

    private Path issued(String city, String name) {
        return dir.resolve("pki/issued/" + city + "/" + name + ".p12");
    }

    private static PensionHost.Request request(String id, String agent) {
        return new PensionHost.Request(id, "320500001", HANGZHOU, agent);
    }
}
