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
 * night says "already cleared", the later nights skip other dates), its money stranded. Now the next night clears it
 * under its own business date and names it; a resend of a file that night did take in is left alone.
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

        // The 23rd's second file is cleared tonight under its own date: its ride fills the counter gap the 24th's
        // ride would otherwise show (G01); the resend is acknowledged, not cleared again.
        assertThat(next.exit()).as(next.out()).isEqualTo(Cli.OK);
        assertThat(next.out()).contains("TRANSIT    2 files         2 records").doesNotContain("suspense")
                .contains("  late file SZBUS-20261123-2.txt of 2026-11-23, whose night had closed: cleared tonight "
                        + "under its own date");
        assertThat(inbox.resolve("SZBUS-20261123-1-again.txt")).as("a resend of a file taken in is no late file")
                .exists();
        List<String> detail = Files.readAllLines(dir.resolve("outbox/2026-11-24/3100-detail.txt"));
        assertThat(detail).anyMatch(l -> l.startsWith("D|SZBUS-20261123-2.txt|2|TRANSIT|3100000000000009|"))
                .anyMatch(l -> l.startsWith("D|SZBUS-20261124-1.txt|2|TRANSIT|3100000000000009|"));
        assertThat(business(db, "SZBUS-20261123-2.txt")).as("its records keep their own business date")
                .isEqualTo("2026-11-23");

        // Cleared once: the next night leaves it alone.
        Nights.Outcome after = Nights.clear(db, DAY.plusDays(2), night, dir.resolve("outbox"));
        assertThat(after.out()).doesNotContain("late file");
    }

    private static String business(DatabaseConnection db, String file) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(db.url(), db.user(), db.password());
                var s = c.prepareStatement("SELECT DISTINCT r.business_date FROM clearing_record r JOIN day_file f "
                        + "ON f.id = r.file_id WHERE f.file_name = ?")) {
            s.setString(1, file);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static Path bus(Path file, LocalDate day, int sequence,
            cn.yrd.onecard.record.TransitRecord ride) throws Exception {
        DayFileWriter.write(file, RecordFormats.TRANSIT, new DayFileHeader(DayFileKind.TRANSIT, "SZBUS",
                Cities.byCode("3205"), day, sequence), List.of(ride));
        return file;
    }
}
