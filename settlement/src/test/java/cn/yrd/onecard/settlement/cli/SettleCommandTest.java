package cn.yrd.onecard.settlement.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.settlement.holder.HolderRegister;
import cn.yrd.onecard.settlement.intake.ClearingOutbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./onecard settle} as finance staff run it: a day settled once, its bank file, bad arguments. */
class SettleCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    /**
     * The settlement keystore and the served pages take no public default password (an unset variable made the real
     * keystore with the development password): refused in one line, nothing written; a password file works.
     */
    @Test
    void theKeystoreAndTheServerNeedAPasswordThatIsNotADefault() throws Exception {
        Path keystore = dir.resolve("keys/settlement.p12");
        Map<String, Object> unset = Map.of(cn.yrd.onecard.crypto.KeystorePassword.ENV, "");
        String refusal = "no keystore password: set ONECARD_KEYSTORE_PASSWORD or give --password-file FILE (only "
                + "./onecard demo and the tests use a development password)\n";
        Run made = run(unset, "keystore", "--out", keystore.toString());
        assertThat(made.exit()).isEqualTo(Cli.USAGE);
        assertThat(made.err()).isEqualTo("onecard: settle keystore: " + refusal);
        assertThat(keystore).doesNotExist();
        Run served = run(unset, "serve", "--port", "1", "--keystore", keystore.toString());
        assertThat(served.exit()).isEqualTo(Cli.USAGE);
        assertThat(served.err()).isEqualTo("onecard: settle serve: " + refusal);

        Path passwordFile = Files.writeString(dir.resolve("password"), "a long password of the centre\n");
        Run withFile = run(unset, "keystore", "--out", keystore.toString(), "--password-file", passwordFile.toString());
        assertThat(withFile.exit()).as(withFile.err()).isZero();
        assertThat(cn.yrd.onecard.settlement.keys.SettlementKeystore.load(keystore,
                "a long password of the centre".toCharArray()).size()).isEqualTo(2);
    }

    @Test
    void aDayIsSettledOnceReconciledAndEveryMistakeIsOneLine() throws Exception {
        DatabaseConnection db = TestDatabase.forService("settlement_cli");
        Map<String, Object> props = Map.of("spring.datasource.url", db.url(), "spring.datasource.username", db.user(),
                "spring.datasource.password", db.password());
        Path outbox = dir.resolve("outbox");
        ClearingOutbox.write(outbox, ClearingOutbox.sampleDay());

        Run first = run(props, "day", "--date", "2026-11-23", "--outbox", outbox.toString());
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("settlement of 2026-11-23 CLOSED at ")
                .contains("3100 Shanghai                      13.98          54.97       0.03       0.02         -40.99")
                .contains("the 16 positions sum to 0.00")
                .contains("STL-20261123-3301  the centre pays 3301 50.00")
                .contains("ledger: every entry balances");
        assertThat(Files.readString(outbox.resolve("2026-11-23/settlement-instructions.txt"))).isEqualTo("""
                H|SETTLEMENT_INSTRUCTIONS|1|20261123
                I|STL-20261123-3100|3100|CENTRE|4099
                I|STL-20261123-3205|3205|CENTRE|901
                I|STL-20261123-3301|CENTRE|3301|5000
                T|3|10000
                """);

        // Settled again (a run killed after its commit, before the bank's file): nothing changes, the day is shown as
        // settled and its instructions are written again, the same bytes.
        String instructions = Files.readString(outbox.resolve("2026-11-23/settlement-instructions.txt"));
        Files.delete(outbox.resolve("2026-11-23/settlement-instructions.txt"));
        // This time signed for the bank with the centre's settlement key, which a bank proves through the bridge.
        cn.yrd.onecard.pki.RegionalPki pki = new cn.yrd.onecard.pki.RegionalPki(dir.resolve("pki"), System.getenv(
                cn.yrd.onecard.crypto.KeystorePassword.ENV).toCharArray(), new java.security.SecureRandom());
        pki.initBridge(cn.yrd.onecard.pki.Profile.ECDSA);
        pki.issueForCentre("settlement", 30);
        pki.crl(cn.yrd.onecard.pki.RegionalPki.BRIDGE, 7);
        Run again = run(props, "day", "--date", "2026-11-23", "--outbox", outbox.toString(), "--pki",
                dir.resolve("pki").toString(), "--sign-with", dir.resolve("pki/issued/centre/settlement.p12").toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("signed by the centre: " + outbox.resolve(
                "2026-11-23/settlement-instructions.txt.p7s"));
        assertThat(cn.yrd.onecard.pki.RegionalPki.relyingOn(dir.resolve("pki")).verifySigned(outbox.resolve(
                "2026-11-23/settlement-instructions.txt"), cn.yrd.onecard.pki.RelyingParty.CENTRE,
                java.util.Optional.empty(), java.util.Optional.of(cn.yrd.onecard.pki.Role.SERVICE),
                java.time.Instant.now()).holder()).contains("settlement");
        assertThat(again.out()).startsWith("2026-11-23 was closed at ").contains("; nothing changed\n")
                .contains(first.out().substring(first.out().indexOf("\ncity"), first.out().indexOf("ledger:")));
        assertThat(Files.readString(outbox.resolve("2026-11-23/settlement-instructions.txt"))).isEqualTo(instructions);

        Path bank = Files.writeString(dir.resolve("bank.txt"), """
                H|BANK_CONFIRMATION|1|20261123
                C|STL-20261123-3100|3100|CENTRE|4099|20261124093000|B0001
                C|STL-20261123-3301|CENTRE|3301|5000|20261124100000|B0003
                T|2|9099
                """);
        Run reconciled = run(props, "reconcile", "--date", "2026-11-23", "--bank", bank.toString());
        assertThat(reconciled.exit()).isEqualTo(SettleCommand.BREAKS);
        assertThat(reconciled.out()).isEqualTo("""
                bank confirmation bank.txt: 2 matched, 1 breaks
                  MISSING STL-20261123-3205: not executed: 3205 -> CENTRE 901 fen; ask the bank, or send the instruction again
                """);

        Run missing = run(props, "day", "--date", "2026-11-24", "--outbox", outbox.toString());
        assertThat(missing.exit()).isEqualTo(Cli.FAILED);
        assertThat(missing.out()).startsWith("settlement of 2026-11-24 refused, nothing changed: no clearing files for "
                + "2026-11-24");

        assertThat(run(props, "day", "--date", "23/11/2026").err())
                .isEqualTo("onecard: settle day: --date must be YYYY-MM-DD, got '23/11/2026'\n");
        assertThat(run(props, "reconcile", "--date", "2026-11-23", "--bank", "nope.txt").err())
                .isEqualTo("onecard: settle reconcile: nope.txt is not a file\n");
        assertThat(run(props, "settle-everything").exit()).isEqualTo(Cli.USAGE);
        assertThat(run(props, "day", "--date", "2026-11-25", "--outbox", outbox.toString(), "--sign-with",
                "nope.p12").err()).isEqualTo("onecard: settle day: --sign-with nope.p12 must be the centre's keystore "
                + "(a file), with --pki DIR\n");
    }

    /** An issuer's register of holders is taken in whole, or refused whole with each bad line, in one command. */
    @Test
    void aRegisterOfHoldersIsTakenInWholeOrRefusedLineByLine() throws Exception {
        DatabaseConnection db = TestDatabase.forService("settlement_cli_holders");
        Map<String, Object> props = Map.of("spring.datasource.url", db.url(), "spring.datasource.username", db.user(),
                "spring.datasource.password", db.password());
        byte[] salt = new byte[16];
        List<String> lines = List.of(HolderRegister.line("3205000000000021", salt, "123456", "320501194501011234"),
                HolderRegister.line("3205000000000023", salt, null, "32050119800101123X"));
        Path register = Files.writeString(dir.resolve("holders-3205.txt"), "H|HOLDER_REGISTER|1|3205|20261204\n"
                + String.join("\n", lines) + "\n" + ControlledFrame.trailer(lines) + "\n");
        List<String> bad = List.of(lines.get(0), lines.get(1).replace("|NAMED|", "|PERSON|"));
        Path refused = Files.writeString(dir.resolve("holders-bad.txt"), "H|HOLDER_REGISTER|1|3205|20261204\n"
                + String.join("\n", bad) + "\n" + ControlledFrame.trailer(bad) + "\n");

        Run no = run(props, "holders", "--register", refused.toString());
        assertThat(no.exit()).isEqualTo(Cli.FAILED);
        assertThat(no.out()).isEqualTo("register holders-bad.txt refused, nobody registered\n"
                + "  holders-bad.txt: line 3: the kind 'PERSON' is neither CITIZEN nor NAMED\n");
        Run yes = run(props, "holders", "--register", register.toString());
        assertThat(yes.out()).isEqualTo("registered the holders of 2 cards from holders-3205.txt\n");
        assertThat(run(props, "holders").err()).isEqualTo("onecard: settle holders: --register FILE is required\n");
    }

    private static Run run(Map<String, Object> props, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            SettleCommand command = new SettleCommand(new PrintStream(out, true, StandardCharsets.UTF_8), props);
            int exit = Cli.run(() -> command.run(args));
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(stderr);
        }
    }
}
