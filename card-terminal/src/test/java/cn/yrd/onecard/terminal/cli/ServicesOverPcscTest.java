package cn.yrd.onecard.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.TestIssuer;
import cn.yrd.onecard.sim.vpcd.PcscDaemon;
import cn.yrd.onecard.sim.vpcd.VpcdSlot;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.terminal.host.LoadHost;
import cn.yrd.onecard.terminal.host.LoadHostServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kiosk and counter commands on the real PC/SC stack, driven by scripts as a person would type them. */
class ServicesOverPcscTest {
    @TempDir
    Path dir;

    @Test
    void aKioskTopsUpAndRecordsProofOfLifeAndACounterRecordsAClaim() throws Exception {
        assumeTrue(PcscDaemon.running(), PcscDaemon.MISSING);
        TestIssuer issuer = new TestIssuer();
        CardOs card = SimCards.issue(issuer.spec("3100", "0000000000000044", 2000, CardAlgorithm.TRIPLE_DES, true),
                new Random(5));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TerminalFactory pcsc = TerminalFactory.getDefault();
        try (LoadHost host = new LoadHost(c -> issuer.master(KeyPurpose.LOAD, c),
                TerminalRegistry.of(List.of(new TerminalRegistry.Terminal("000000000002", Cities.byCode("3302"),
                        "000000000000" + "3302"))), LoadHost.DAILY_LIMIT, dir.resolve("host"));
                LoadHostServer server = new LoadHostServer(host, "127.0.0.1", 0);
                VpcdSlot field = VpcdSlot.reader(0)) {
            field.present(card);
            assertThat(pcsc.terminals().getTerminal("Virtual PCD 00 00").waitForCardPresent(10_000)).isTrue();
            Path kioskScript = Files.writeString(dir.resolve("kiosk.txt"), "show\ntopup 50\nproof 123456\nproof 999999\n");
            int kiosk = new TerminalCommand(out).run(new String[] {"kiosk", "--reader", "Virtual PCD 00 00", "--city",
                "3302", "--host", "http://127.0.0.1:" + server.port(), "--journal", dir.resolve("kiosk").toString(),
                "--script", kioskScript.toString()}, pcsc);
            assertThat(kiosk).isZero();

            Path medical = dir.resolve("medical.txt");
            Path counterScript = Files.writeString(dir.resolve("counter.txt"), "claim 120.00 90.50 123456\nexport medical "
                    + LocalDate.now() + " " + medical + "\n");
            assertThat(new TerminalCommand(out).run(new String[] {"counter", "--reader", "Virtual PCD 00 00", "--city",
                "3302", "--id", "NBH001", "--log", dir.resolve("counter").toString(), "--script",
                counterScript.toString()}, pcsc)).isZero();

            var claims = DayFileReader.read(medical, RecordFormats.MEDICAL).records();
            assertThat(claims).hasSize(1);
            assertThat(claims.get(0).fundPaid()).isEqualTo(9050);
            assertThat(claims.get(0).selfPaid()).isEqualTo(2950);
            field.remove();
        }
        assertThat(SimCards.balance(card)).isEqualTo(7000);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("************0044 of Shanghai (3100): balance 20.00 yuan")
                .contains("loaded 50 yuan: balance 70.00 yuan")
                .contains("proof of life recorded for card *****5678 of Shanghai (3100)")
                .contains("refused: wrong PIN, 2 tries left")
                .contains("claim NBH001-00000001: Shanghai (3100) fund pays 90.50, patient pays 29.50")
                .doesNotContain("A12345678");
    }
}
