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
import cn.yrd.onecard.record.TransitRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./onecard clear as an operator runs it: the summary, the exit codes, the status listing. */
class ClearingCommandTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    @TempDir
    Path dir;

    @Test
    void aNightWithSuspenseExitsThreeAndARerunSaysItIsAlreadyCleared() throws Exception {
        Path keys = dir.resolve("keys.p12");
        CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.of(KeyPurpose.TAC), new SecureRandom());
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        TransitRecord forged = new TransitRecord(cn.yrd.onecard.card.TransactionType.COMPOUND_PURCHASE,
                CardSerial.of("3100000000000001"), Cities.byCode("3100"), cn.yrd.onecard.card.CardType.NORMAL,
                LocalDate.of(2030, 1, 1), 0, 300, 1000, LocalDateTime.of(2026, 11, 23, 8, 0), "0000AB12CD34", 1,
                cn.yrd.onecard.crypto.CardAlgorithm.TRIPLE_DES, 1, "01020304", Cities.byCode("3205"),
                "0000000000003205", "0000000000000001", cn.yrd.onecard.card.Industry.BUS, 5, 0, 0, "BUS_FLAT");
        DayFileWriter.write(inbox.resolve("SZBUS-1.txt"), RecordFormats.TRANSIT,
                new DayFileHeader(DayFileKind.TRANSIT, "SZBUS", Cities.byCode("3205"), DAY, 1), List.of(forged));

        DatabaseConnection db = TestDatabase.forService("clearing_cli");
        Map<String, Object> props = Map.of("spring.datasource.url", db.url(), "spring.datasource.username", db.user(),
                "spring.datasource.password", db.password());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ClearingCommand clear = new ClearingCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8), props);
        // Its outbox under the test's own folder: a test never writes into the source tree.
        String[] args = {"--date", DAY.toString(), "--inbox", inbox.toString(), "--keystore", keys.toString(),
            "--outbox", dir.resolve("outbox").toString()};

        assertThat(clear.run(args)).isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(clear.run(args)).as("a rerun changes nothing and says so").isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(clear.run(new String[] {"status"})).isEqualTo(Cli.OK);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("clearing of 2026-11-23 COMPLETED")
                .containsPattern("TRANSIT +1 files +1 records +3\\.00 yuan received")
                .containsPattern("suspense T01 +1 records +3\\.00 yuan")
                .containsPattern("steps \\(Micrometer spring.batch.step\\): intake [0-9.]+ s completed, load [0-9.]+ s "
                        + "completed, cardHistory [0-9.]+ s completed, repeats [0-9.]+ s completed, outgoingFiles")
                .contains("  terminals not checked: no registry given (--terminals FILE)")
                .contains("2026-11-23 is already cleared")
                .containsPattern("\\d+  2026-11-23  COMPLETED");
    }
}
