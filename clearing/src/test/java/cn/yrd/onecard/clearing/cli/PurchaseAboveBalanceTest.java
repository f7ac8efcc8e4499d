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
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A purchase larger than the card's balance (a forged amount, say) is suspended B01, and its detail line gives no
 * balance after: the card never had a negative balance, and settlement refused the whole day over a '-93' there
 * (found by the seed sweep).
 */
class PurchaseAboveBalanceTest {
    @TempDir
    Path dir;

    @Test
    void aPurchaseAboveTheBalanceIsSuspendedWithNoBalanceAfterInTheDetail() throws Exception {
        Path keys = dir.resolve("keys.p12");
        CityKeyStore store = CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.of(KeyPurpose.TAC),
                new SecureRandom());
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        DayFileWriter.write(inbox.resolve("SZBUS-1.txt"), RecordFormats.TRANSIT, new DayFileHeader(
                DayFileKind.TRANSIT, "SZBUS", Cities.byCode("3205"), Nights.DAY, 1), List.of(TerminalRegistryCheckTest
                .ride(store, CardSerial.of("3100000000000001"), 0, 107, "0000AB12CD34", "3205",
                        TerminalRegistryCheckTest.SUZHOU_BUS)));

        Nights.Outcome night = Nights.clear(TestDatabase.forService("clearing_above_balance"),
                new Nights.Inbox(inbox, keys), dir.resolve("outbox"));

        assertThat(night.exit()).as(night.out()).isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(night.out()).contains("suspense B01");
        assertThat(Files.readAllLines(dir.resolve("outbox/" + Nights.DAY + "/3100-detail.txt")))
                .filteredOn(l -> l.startsWith("D|")).singleElement().asString()
                .matches("D\\|SZBUS-1\\.txt\\|2\\|TRANSIT\\|3100000000000001\\|3100\\|3205\\|06\\|0\\|200\\|"
                        + "[0-9]+\\|\\|[0-9]{14}\\|S\\|B01\\|200");
    }

    /**
     * A forged copy of a purchase with a balance too small for it (B01) sits at the same counter as the genuine one;
     * its negative balance after broke the chain of the card's next genuine purchase (B02 on a real ride: seed 42 of
     * the sweep). A purchase that cannot have happened is no part of the chain.
     */
    @Test
    void aForgedPurchaseAboveTheBalanceDoesNotSuspendTheNextGenuineRide() throws Exception {
        Path keys = dir.resolve("keys.p12");
        CityKeyStore store = CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.of(KeyPurpose.TAC),
                new SecureRandom());
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        CardSerial card = CardSerial.of("3100000000000002");
        DayFileWriter.write(inbox.resolve("SZBUS-1.txt"), RecordFormats.TRANSIT, new DayFileHeader(
                DayFileKind.TRANSIT, "SZBUS", Cities.byCode("3205"), Nights.DAY, 1), List.of(
                        TerminalRegistryCheckTest.ride(store, card, 0, 1000, "0000AB12CD34", "3205",
                                TerminalRegistryCheckTest.SUZHOU_BUS),
                        TerminalRegistryCheckTest.ride(store, card, 1, 800, "0000AB12CD34", "3205",
                                TerminalRegistryCheckTest.SUZHOU_BUS)));
        DayFileWriter.write(inbox.resolve("FORGED-1.txt"), RecordFormats.TRANSIT, new DayFileHeader(
                DayFileKind.TRANSIT, "FORGED", Cities.byCode("3205"), Nights.DAY, 1), List.of(
                        TerminalRegistryCheckTest.ride(store, card, 0, 100, "0000AB12CD35", "3205",
                                TerminalRegistryCheckTest.SUZHOU_BUS)));

        Nights.Outcome night = Nights.clear(TestDatabase.forService("clearing_forged_above_balance"),
                new Nights.Inbox(inbox, keys), dir.resolve("outbox"));

        assertThat(night.out()).contains("suspense B01         1 records").doesNotContain("B02");
    }
}
