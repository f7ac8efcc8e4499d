package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileWriter;
import cn.yrd.onecard.dayfile.RecordFormats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of a day whose night has closed, arriving later: before, it waited in the inbox unseen for ever (its own
 * night says "already cleared", the later nights skip other dates). Now the next night quarantines it as late and
 * names it (exit 3), while a resend of a file that night did take in is left alone.
 */
class LateFileTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final CardSerial CARD = CardSerial.of("3100000000000009");

    @TempDir
    Path dir;

    @Test
    void aLateFileOfAClosedNightIsNamedByTheNextNightNotLeftUnseen() throws Exception {
        Path keys = dir.resolve("keys.p12");
        CityKeyStore store = CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.of(KeyPurpose.TAC),
                new SecureRandom());
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path first = bus(inbox.resolve("SZBUS-20261123-1.txt"), DAY, 1, TerminalRegistryCheckTest.ride(store, CARD, 0,
                1000, "0000AB12CD34", "3205", TerminalRegistryCheckTest.SUZHOU_BUS));
        DatabaseConnection db = TestDatabase.forService("clearing_late_file");
        Nights.Inbox night = new Nights.Inbox(inbox, keys);
        assertThat(Nights.clear(db, DAY, night, dir.resolve("outbox")).exit()).isEqualTo(Cli.OK);

        // After the night of the 23rd closed: the operator's second file of the 23rd, a resend of its first, and the
        // 24th's file.
        bus(inbox.resolve("SZBUS-20261123-2.txt"), DAY, 2, TerminalRegistryCheckTest.ride(store, CARD, 1, 800,
                "0000AB12CD34", "3205", TerminalRegistryCheckTest.SUZHOU_BUS));
        Files.copy(first, inbox.resolve("SZBUS-20261123-1-again.txt"));
        bus(inbox.resolve("SZBUS-20261124-1.txt"), DAY.plusDays(1), 1, TerminalRegistryCheckTest.ride(store, CARD, 2,
                600, "0000AB12CD34", "3205", TerminalRegistryCheckTest.SUZHOU_BUS,
                LocalDateTime.of(2026, 11, 24, 8, 0)));
        Nights.Outcome next = Nights.clear(db, DAY.plusDays(1), night, dir.resolve("outbox"));

        assertThat(next.exit()).as(next.out()).isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(next.out()).contains("TRANSIT    1 files         1 records").contains("  quarantined "
                + "SZBUS-20261123-2.txt (kept as quarantine/SZBUS-20261123-2.txt): late: a file of 2026-11-23 that "
                + "arrived after that night closed; a closed night is not cleared again, so its records are not "
                + "cleared: kept for finance staff");
        assertThat(inbox.resolve("quarantine/SZBUS-20261123-2.txt")).exists();
        assertThat(inbox.resolve("SZBUS-20261123-1-again.txt")).as("a resend of a file taken in is no late file")
                .exists();
    }

    private static Path bus(Path file, LocalDate day, int sequence,
            cn.yrd.onecard.record.TransitRecord ride) throws Exception {
        DayFileWriter.write(file, RecordFormats.TRANSIT, new DayFileHeader(DayFileKind.TRANSIT, "SZBUS",
                Cities.byCode("3205"), day, sequence), List.of(ride));
        return file;
    }
}
