package cn.yrd.onecard.terminal.cli;

import cn.yrd.onecard.record.MedicalCare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.card.RecordedCardFiles;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.TestGate;
import cn.yrd.onecard.sim.card.TestIssuer;
import cn.yrd.onecard.sim.vpcd.PcscDaemon;
import cn.yrd.onecard.sim.vpcd.VpcdSlot;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.terminal.host.LoadHost;
import cn.yrd.onecard.terminal.host.LoadHostServer;
import cn.yrd.onecard.terminal.medical.InsuredRegister;
import cn.yrd.onecard.terminal.medical.MedicalHost;
import cn.yrd.onecard.terminal.medical.MedicalHostServer;
import cn.yrd.onecard.terminal.medical.MedicalHostTest;
import cn.yrd.onecard.terminal.medical.MedicalPolicy;
import cn.yrd.onecard.terminal.medical.PinUnblocking;
import cn.yrd.onecard.terminal.pension.PensionHost;
import cn.yrd.onecard.terminal.pension.PensionHostServer;
import cn.yrd.onecard.terminal.pension.PensionHostTest;
import cn.yrd.onecard.terminal.pension.PensionerRegister;
import cn.yrd.onecard.crypto.HomeAuthorisation;
import cn.yrd.onecard.record.MedicalClaim;
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
    void aKioskTopsUpAndCertifiesAtHomeAndACounterClaimsAndReversesThroughTheHomeCity() throws Exception {
        assumeTrue(PcscDaemon.running(), PcscDaemon.MISSING);
        TestIssuer issuer = new TestIssuer();
        CardOs card = SimCards.issue(issuer.spec("3100", "0000000000000044", 2400, CardAlgorithm.TRIPLE_DES, true),
                new Random(5));
        // Two rides elsewhere in the country, each gate writing the trip a real card recorded from it: a city code
        // and a type of their own (docs/conformance.md). The kiosk shows them as they are.
        TestGate elsewhere = new TestGate(issuer.psam("0000AB12CD34"), "0000AB12CD34");
        card.powerOn();
        for (String place : List.of("Shanghai metro line 18, Hangtou Road: exit", "Haikou bus 29 (type 09)")) {
            assertThat(elsewhere.purchase(card, 200, true, RecordedCardFiles.trip(place)).response().sw())
                    .isEqualTo(0x9000);
        }
        card.powerOff();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TerminalFactory pcsc = TerminalFactory.getDefault();
        try (LoadHost host = new LoadHost(c -> issuer.master(KeyPurpose.LOAD, c),
                TerminalRegistry.of(List.of(new TerminalRegistry.Terminal("000000000002", Cities.byCode("3302"),
                        "000000000000" + "3302"))), LoadHost.DAILY_LIMIT, dir.resolve("host"));
                LoadHostServer server = new LoadHostServer(host, "127.0.0.1", 0);
                MedicalHost shanghai = shanghaiMedicalHost();
                PinUnblocking pins = new PinUnblocking(InsuredRegister.read(dir.resolve("3100-insured.txt")),
                        issuer.master(KeyPurpose.PIN_RELOAD, Cities.byCode("3100")), dir.resolve("pins"),
                        java.time.Clock.systemDefaultZone());
                MedicalHostServer medicalHost = new MedicalHostServer(shanghai, pins, "127.0.0.1", 0, null);
                PensionHost pensions = shanghaiPensionHost();
                PensionHostServer pensionHost = new PensionHostServer(pensions, "127.0.0.1", 0, null);
                VpcdSlot field = VpcdSlot.reader(0)) {
            field.present(card);
            assertThat(pcsc.terminals().getTerminal("Virtual PCD 00 00").waitForCardPresent(10_000)).isTrue();
            Path kioskScript = Files.writeString(dir.resolve("kiosk.txt"), "show\ntopup 50\nproof 123456\nproof 999999\n");
            int kiosk = new TerminalCommand(out).run(new String[] {"kiosk", "--reader", "Virtual PCD 00 00", "--city",
                "3302", "--host", "http://127.0.0.1:" + server.port(), "--journal", dir.resolve("kiosk").toString(),
                "--pension-host", "3100=http://127.0.0.1:" + pensionHost.port(), "--script", kioskScript.toString()},
                    pcsc);
            assertThat(kiosk).isZero();

            Path medical = dir.resolve("medical.txt");
            // A claim the patient's home city computes online, cancelled, and another bill.
            String year = Integer.toString(LocalDate.now().getYear());
            Path counterScript = Files.writeString(dir.resolve("counter.txt"), "claim 1500.00 two inpatient 123456\n"
                    + "reverse 3100-" + year + "-000001\nclaim 120.00 one outpatient 123456\npin 123456 135790\n"
                    + "claim 1.00 one outpatient 000000\nclaim 1.00 one outpatient 000000\n"
                    + "claim 1.00 one outpatient 000000\nunblock 123456\nexport medical "
                    + LocalDate.now() + " " + medical + "\n");
            assertThat(new TerminalCommand(out).run(new String[] {"counter", "--reader", "Virtual PCD 00 00", "--city",
                "3302", "--id", "NBH001", "--log", dir.resolve("counter").toString(), "--medical-host",
                "3100=http://127.0.0.1:" + medicalHost.port(), "--script", counterScript.toString()}, pcsc)).isZero();

            var claims = DayFileReader.read(medical, RecordFormats.MEDICAL).records();
            // 500.00 deductible, 80% of the other 1,000.00 from Shanghai's fund (no account); reversed, the year is
            // new again: the next 120.00 meets the deductible, all the patient's.
            assertThat(claims).extracting(c -> c.claimId(), c -> c.kind(), c -> c.fundPaid(), c -> c.selfPaid())
                    .containsExactlyInAnyOrder(tuple("3100-" + year + "-000001", MedicalClaim.Kind.CLAIM, 80_000L,
                            70_000L), tuple("3100-" + year + "-000001-R", MedicalClaim.Kind.REVERSAL, 80_000L, 70_000L),
                            tuple("3100-" + year + "-000002", MedicalClaim.Kind.CLAIM, 0L, 12_000L));
            assertThat(claims).allMatch(HomeAuthorisation.medical(MedicalHostTest.TEST_KEYS)::verifies);
            assertThat(shanghai.year("A12345678").deductibleMet()).isEqualTo(12_000);
            assertThat(pensions.certifiedUntil(pensions.register().find("A12345678").orElseThrow()))
                    .as("certified at home by the kiosk's proof").isEqualTo(LocalDate.now().plusYears(1));
            field.remove();
        }
        assertThat(SimCards.balance(card)).isEqualTo(7000);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("************0044 of Shanghai (3100): balance 20.00 yuan")
                .contains("2021-01-30T11:42:17 trip type 09          4.00 yuan, 21.40 left, line 0429 station 0001, "
                        + "city code 8420")
                .contains("2020-12-27T14:04:56 METRO_EXIT            4.00 yuan, 21.40 left, line 0018 station 0021, "
                        + "city code 2900")
                .contains("loaded 50 yuan: balance 70.00 yuan")
                .contains("proof of life 3100-L-000001 for card *****5678: certified at Shanghai (3100)")
                .contains("refused: wrong PIN, 2 tries left")
                .contains("claim 3100-" + LocalDate.now().getYear() + "-000001: Shanghai (3100) pays 800.00 (its fund "
                        + "and the holder's account), patient pays 700.00")
                .contains("PIN of card *****5678 changed")
                .contains("refused: wrong PIN; the PIN is now blocked")
                .contains("PIN of card *****5678 reloaded on the word of Shanghai (3100): the new PIN holds, 3 tries")
                .contains("reversed 3100-" + LocalDate.now().getYear() + "-000001: 3100-" + LocalDate.now().getYear()
                        + "-000001-R, 800.00 back to Shanghai (3100)")
                .doesNotContain("A12345678");
    }

    /** Shanghai's medical host: the card's holder insured, a 500.00-yuan deductible, the fund paying 80%. */
    private MedicalHost shanghaiMedicalHost() throws Exception {
        Path register = dir.resolve("3100-insured.txt");
        InsuredRegister.write(register, Cities.byCode("3100"), List.of(new InsuredRegister.Insured("A12345678",
                InsuredRegister.Status.ACTIVE, Cities.byCode("3302"), 0)));
        java.util.Map<MedicalCare, Integer> ratios = new java.util.HashMap<>();
        for (MedicalCare.Level level : MedicalCare.Level.values()) {
            for (MedicalCare.Kind kind : MedicalCare.Kind.values()) {
                ratios.put(new MedicalCare(level, kind), 8_000);
            }
        }
        return new MedicalHost(InsuredRegister.read(register), new MedicalPolicy(Cities.byCode("3100"),
                LocalDate.now().getYear(), 50_000, 10_000_000, ratios), MedicalHostTest.AUTHORISED,
                dir.resolve("medical-host"), java.time.Clock.systemDefaultZone());
    }

    /** Shanghai's pension host: the card's holder a pensioner whose certification lapsed last year. */
    private PensionHost shanghaiPensionHost() throws Exception {
        Path register = dir.resolve("3100-pensioners.txt");
        PensionerRegister.write(register, Cities.byCode("3100"), List.of(new PensionerRegister.Pensioner("A12345678",
                PensionerRegister.Status.ACTIVE, 280_000, java.time.YearMonth.now().minusMonths(2),
                LocalDate.now().minusYears(1), Cities.byCode("3302"))));
        return new PensionHost(PensionerRegister.read(register), PensionHostTest.AUTHORISED, dir.resolve("pension-host"),
                java.time.Clock.systemDefaultZone());
    }
}
