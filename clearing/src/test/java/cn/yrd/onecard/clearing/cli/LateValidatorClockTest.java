package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.database.TestDatabase;
import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileWriter;
import cn.yrd.onecard.dayfile.RecordFormats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bus whose validator's clock is three hours behind stamps its rides early; the card's counters still say in which
 * order it was used. Ordered by time, the card's balance chain looked broken on every record around that ride (B02),
 * and three genuine rides waited in suspense (found by the faulty day's late clock).
 */
class LateValidatorClockTest {
    private static final CardSerial CARD = CardSerial.of("3100000000000007");

    @TempDir
    Path dir;

    @Test
    void aValidatorsLateClockBreaksNoCardsBalanceChain() throws Exception {
        Path keys = dir.resolve("keys.p12");
        CityKeyStore store = CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.of(KeyPurpose.TAC),
                new SecureRandom());
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        String onTime = TerminalRegistryCheckTest.SUZHOU_BUS;
        // Rides 0 and 2 on a bus whose clock is right, ride 1 between them on one whose clock is 3 hours behind.
        DayFileWriter.write(inbox.resolve("SZBUS-1.txt"), RecordFormats.TRANSIT, new DayFileHeader(DayFileKind.TRANSIT,
                "SZBUS", Cities.byCode("3205"), Nights.DAY, 1), List.of(
                        TerminalRegistryCheckTest.ride(store, CARD, 0, 1000, "0000AB12CD34", "3205", onTime),
                        TerminalRegistryCheckTest.ride(store, CARD, 2, 600, "0000AB12CD34", "3205", onTime)));
        DayFileWriter.write(inbox.resolve("SZBUS2-1.txt"), RecordFormats.TRANSIT, new DayFileHeader(DayFileKind.TRANSIT,
                "SZBUS2", Cities.byCode("3205"), Nights.DAY, 1), List.of(TerminalRegistryCheckTest.ride(store, CARD, 1,
                        800, "0000AB12CD35", "3205", onTime, LocalDateTime.of(2026, 11, 23, 5, 1))));

        Nights.Outcome night = Nights.clear(TestDatabase.forService("clearing_late_clock"),
                new Nights.Inbox(inbox, keys), dir.resolve("outbox"));

        assertThat(night.exit()).as(night.out()).isZero();
        assertThat(night.out()).doesNotContain("suspense");
        assertThat(Files.readAllLines(dir.resolve("outbox/" + Nights.DAY + "/3100-detail.txt")))
                .filteredOn(l -> l.startsWith("D|")).hasSize(3).allMatch(l -> l.matches(".*\\|A\\|\\|[0-9]+"));
    }
}
