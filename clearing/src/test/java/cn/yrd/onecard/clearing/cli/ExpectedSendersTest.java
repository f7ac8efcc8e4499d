package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileWriter;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.registry.TerminalRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night does not close before its files arrived: run while senders the terminal registry names have sent
 * nothing, it stops and says whom it waits for (nothing cleared); run again once they are in, it clears every record;
 * a sender that never sends is closed without by name, and the summary says so.
 */
class ExpectedSendersTest {
    @TempDir
    Path dir;

    @Test
    void theNightWaitsForEveryRegisteredSenderThenClearsEveryRecord() throws Exception {
        Nights.Inbox night = Nights.prepare(dir, 3, 20);
        Path late = Files.createDirectories(dir.resolve("not-yet-arrived"));
        for (String f : List.of("ACQ01-1.txt", "ACQ02-1.txt")) {
            Files.move(night.dir().resolve(f), late.resolve(f));
        }
        Path registry = registry(0, 1, 2, 3, 4, 5); // ACQ03 and ACQ04 will send empty files, ACQ05 nothing
        DatabaseConnection db = TestDatabase.forService("clearing_senders");

        Nights.Outcome early = clear(db, night, registry);
        assertThat(early.exit()).as(early.out()).isEqualTo(Cli.FAILED);
        assertThat(early.out()).contains("not closed: no day file of " + Nights.DAY + " yet from ACQ01, ACQ02, ACQ03, "
                + "ACQ04, ACQ05 (the terminal registry expects one from each sender); rerun when they arrive, or close "
                + "without them: --close-without ACQ01,ACQ02,ACQ03,ACQ04,ACQ05");
        assertThat(Nights.count(db, "SELECT COUNT(*) FROM clearing_record")).as("nothing cleared").isZero();

        for (String f : List.of("ACQ01-1.txt", "ACQ02-1.txt")) {
            Files.move(late.resolve(f), night.dir().resolve(f));
        }
        for (String sender : List.of("ACQ03", "ACQ04")) { // a day without business: a file of no records
            DayFileWriter.write(night.dir().resolve(sender + "-1.txt"), RecordFormats.TRANSIT, new DayFileHeader(
                    DayFileKind.TRANSIT, sender, Cities.byCode("3205"), Nights.DAY, 1), List.of());
        }
        Nights.Outcome stillOneShort = clear(db, night, registry);
        assertThat(stillOneShort.exit()).isEqualTo(Cli.FAILED);
        assertThat(stillOneShort.out()).as("each empty file is its sender's, not a resend of the other")
                .contains("yet from ACQ05 (").contains("--close-without ACQ05");

        Nights.Outcome closed = clear(db, night, registry, "--close-without", "ACQ05");
        assertThat(closed.exit()).as(closed.out()).isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(closed.out()).contains("clearing of " + Nights.DAY + " COMPLETED")
                .contains("  no file from ACQ05: closed without it (--close-without); its file, when it comes, is "
                        + "cleared by the next night");
        assertThat(Nights.count(db, "SELECT COUNT(*) FROM clearing_record")).as("every record of the three files")
                .isEqualTo(60);

        Nights.Outcome badArgument = clear(db, night, registry, "--close-without", "ACQ 05");
        assertThat(badArgument.exit()).isEqualTo(Cli.USAGE);
    }

    @Test
    void aFileQuarantinedByANightThatStoppedIsQuarantinedByItsRerun() throws Exception {
        Nights.Inbox night = Nights.prepare(dir, 2, 10);
        Files.writeString(night.dir().resolve("ACQ09-1.txt"), "H|TRANSIT|1|ACQ09|3205|20261123|1\nD|cut off");
        Path registry = registry(0, 1, 5);
        DatabaseConnection db = TestDatabase.forService("clearing_quarantine_rerun");

        Nights.Outcome waiting = clear(db, night, registry);
        assertThat(waiting.exit()).as(waiting.out()).isEqualTo(Cli.FAILED);
        assertThat(night.dir().resolve("ACQ09-1.txt")).as("the night that stopped recorded nothing, moved nothing")
                .exists();

        Nights.Outcome closed = clear(db, night, registry, "--close-without", "ACQ05");
        assertThat(closed.exit()).as(closed.out()).isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(closed.out()).contains("  quarantined ACQ09-1.txt (kept as quarantine/ACQ09-1.txt): ACQ09-1.txt: "
                + "line 2");
        assertThat(night.dir().resolve("quarantine/ACQ09-1.txt")).exists();
        assertThat(Nights.count(db, "SELECT COUNT(*) FROM quarantined_file")).isEqualTo(1);
    }

    /** A terminal registry of one PSAM for each of the senders ACQnn numbered. */
    private Path registry(int... senders) throws Exception {
        List<TerminalRegistry.Terminal> terminals = new ArrayList<>();
        for (int i : senders) {
            terminals.add(new TerminalRegistry.Terminal(String.format("00000000AC%02d", i), Cities.byCode("3205"),
                    "0000000000003205", String.format("ACQ%02d", i)));
        }
        return Files.writeString(dir.resolve("terminals.txt"), TerminalRegistry.text(terminals));
    }

    private static Nights.Outcome clear(DatabaseConnection db, Nights.Inbox night, Path registry, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClearingCommand command = new ClearingCommand(new PrintStream(out, true, StandardCharsets.UTF_8), Map.of(
                "spring.datasource.url", db.url(), "spring.datasource.username", db.user(),
                "spring.datasource.password", db.password()));
        List<String> args = new ArrayList<>(List.of(Nights.args(night.dir(), night.keys(), night.dir().resolveSibling(
                "outbox"))));
        args.addAll(List.of("--terminals", registry.toString()));
        args.addAll(List.of(more));
        int exit = Cli.run(() -> command.run(args.toArray(String[]::new)));
        return new Nights.Outcome(exit, out.toString(StandardCharsets.UTF_8));
    }
}
