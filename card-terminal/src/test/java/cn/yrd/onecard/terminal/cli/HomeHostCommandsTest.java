package cn.yrd.onecard.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.HomeAuthorisation;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import java.util.EnumSet;
import cn.yrd.onecard.terminal.medical.MedicalHost;
import cn.yrd.onecard.terminal.medical.MedicalHostClient;
import cn.yrd.onecard.terminal.medical.MedicalHostTest;
import cn.yrd.onecard.terminal.pension.PensionHost;
import cn.yrd.onecard.terminal.pension.PensionHostClient;
import cn.yrd.onecard.terminal.pension.PensionHostTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The home cities' host commands serve what their files say, for as long as they are told, and refuse bad input. */
class HomeHostCommandsTest {
    private static final Pattern SERVING = Pattern.compile("on (http://127\\.0\\.0\\.1:[0-9]+)/");

    @TempDir
    Path dir;

    @Test
    void theMedicalAndPensionHostsServeTheirRegistersUntilTheirTimeIsUp() throws Exception {
        Path policy = dir.resolve("policy.txt");
        MedicalHostTest.suzhou(30_000_000).withYear(LocalDate.now().getYear()).write(policy);
        MedicalHostTest.register(dir);
        PensionHostTest.register(dir);
        // The cities' authorisation keys, under a password given in a file: no development default.
        Path keys = dir.resolve("keys.p12");
        CityKeyStore store = CityKeyStore.generate(keys, "host-test".toCharArray(), EnumSet.of(
                KeyPurpose.MEDICAL_AUTHORISATION, KeyPurpose.PENSION_AUTHORISATION, KeyPurpose.PIN_RELOAD),
                new java.security.SecureRandom());
        Path password = java.nio.file.Files.writeString(dir.resolve("password"), "host-test\n");
        ByteArrayOutputStream medicalOut = new ByteArrayOutputStream();
        CompletableFuture<Integer> medical = run(medicalOut, "medical-host", "--register",
                dir.resolve("3205-insured.txt").toString(), "--policy", policy.toString(), "--port", "0", "--data",
                dir.resolve("medical").toString(), "--seconds", "3", "--keystore", keys.toString(), "--password-file",
                password.toString());
        ByteArrayOutputStream pensionOut = new ByteArrayOutputStream();
        CompletableFuture<Integer> pension = run(pensionOut, "pension-host", "--register",
                dir.resolve("3205-pensioners.txt").toString(), "--port", "0", "--data",
                dir.resolve("pension").toString(), "--seconds", "3", "--keystore", keys.toString(), "--password-file",
                password.toString());
        MedicalHost.Answer paid = new MedicalHostClient(URI.create(served(medicalOut)), null).claim(
                new MedicalHost.ClaimRequest("SHH001-1", "320500001", Cities.byCode("3100"), "SHH001",
                        MedicalHostTest.LEVEL_3_INPATIENT, 150_000));
        assertThat(paid.split().fundPaid()).isEqualTo(35_000);
        // Suzhou's word, under Suzhou's medical key of the keystore, on the record the Shanghai counter will write.
        MedicalClaim record = new MedicalClaim(paid.claimId(), "320500001", Cities.byCode("3205"),
                Cities.byCode("3100"), "SHH001", java.time.LocalDateTime.now(), MedicalClaim.Kind.CLAIM,
                MedicalHostTest.LEVEL_3_INPATIENT, 150_000,
                65_000, 85_000, paid.authorisation());
        assertThat(HomeAuthorisation.medical(store.keys(KeyPurpose.MEDICAL_AUTHORISATION)).verifies(record)).isTrue();
        assertThat(HomeAuthorisation.medical(MedicalHostTest.TEST_KEYS).verifies(record)).isFalse();
        PensionHost.Proof proof = new PensionHostClient(URI.create(served(pensionOut)), null).certify(
                new PensionHost.Request("HZA7-1", "320500002", Cities.byCode("3301"), "HZAGENT7"));
        assertThat(proof.certifiedUntil()).isEqualTo(LocalDate.now().plus(PensionHost.CERTIFIED_FOR));
        assertThat(HomeAuthorisation.pension(store.keys(KeyPurpose.PENSION_AUTHORISATION)).verifies(new PensionPayout(
                proof.proofId(), "320500002", Cities.byCode("3205"), Cities.byCode("3301"), "HZAGENT7",
                java.time.LocalDateTime.now(), PensionPayout.Kind.PROOF_OF_LIFE, 0, proof.authorisation()))).isTrue();
        assertThat(medical.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(pension.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(medicalOut.toString(StandardCharsets.UTF_8)).startsWith("medical host of Suzhou (3205) on http://");

        assertThatThrownBy(() -> new TerminalCommand(new PrintStream(new ByteArrayOutputStream())).run(new String[] {
            "medical-host", "--register", dir.resolve("3205-insured.txt").toString(), "--keystore", keys.toString()},
                null))
                .isInstanceOf(UsageException.class).hasMessage("terminal medical-host: --register FILE (the insured) "
                        + "and --policy FILE (the year's reimbursement policy) are required");
        assertThatThrownBy(() -> new TerminalCommand(new PrintStream(new ByteArrayOutputStream())).run(new String[] {
            "pension-host", "--register", dir.resolve("nowhere.txt").toString(), "--keystore", keys.toString()},
                null)).isInstanceOf(UsageException.class).hasMessageStartingWith("terminal pension-host: no file ");
        assertThatThrownBy(() -> new TerminalCommand(new PrintStream(new ByteArrayOutputStream())).run(new String[] {
            "pension-host", "--register", dir.resolve("3205-pensioners.txt").toString()}, null))
                .isInstanceOf(UsageException.class).hasMessage("terminal pension-host: --keystore FILE (the city's "
                        + "authorisation key: the host authorises what it approves) is required");
    }

    private static CompletableFuture<Integer> run(ByteArrayOutputStream out, String... args) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new TerminalCommand(new PrintStream(out, true, StandardCharsets.UTF_8)).run(args, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The address the command says it serves on, once it has said so. */
    private static String served(ByteArrayOutputStream out) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Matcher m = SERVING.matcher(out.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the host never said where it serves: " + out);
    }
}
