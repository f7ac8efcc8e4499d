package cn.yrd.onecard.clearing.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileWriter;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.TransitRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** Intake against a real MariaDB/MySQL: the clearing schema migrated by Flyway, read through MyBatis. */
@ServiceTest(schema = "clearing")
class IntakeTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    @Autowired
    Intake intake;

    @Autowired
    DayFileRegistry registry;

    @TempDir
    Path inbox;

    @Test
    void aFileSentTwiceIsRegisteredOnce() throws Exception {
        Path file = transitFile("hz-metro-1.txt", "HZMETRO", 3, 250);
        Path resent = inbox.resolve("hz-metro-1-again.txt");
        Files.copy(file, resent);

        assertThat(intake.register(file)).isEqualTo(Intake.Outcome.REGISTERED);
        assertThat(intake.register(resent)).isEqualTo(Intake.Outcome.ALREADY_RECEIVED);

        List<ReceivedFile> day = registry.findByNight(DAY).stream()
                .filter(f -> f.senderId().equals("HZMETRO")).toList();
        assertThat(day).hasSize(1);
        assertThat(day.get(0).recordCount()).isEqualTo(3);
        assertThat(day.get(0).amountTotal()).isEqualTo(750);
        assertThat(day.get(0).fileName()).isEqualTo("hz-metro-1.txt");
    }

    @Test
    void aBadFileIsRefusedWithItsLineAndFieldAndLeavesNoTrace() throws Exception {
        Path file = transitFile("nb-bus-1.txt", "NBBUS", 2, 200);
        Files.writeString(file, Files.readString(file).replaceFirst("\\|200\\|", "|201|"));

        assertThatThrownBy(() -> intake.register(file))
                .isInstanceOf(DayFileFormatException.class)
                .hasMessage("nb-bus-1.txt: line 4, field amount_total: trailer says 400 fen, the lines sum to 401");
        assertThat(registry.findByNight(DAY)).noneMatch(f -> f.senderId().equals("NBBUS"));
    }

    private Path transitFile(String name, String sender, int rides, long fare) throws Exception {
        List<TransitRecord> records = new ArrayList<>();
        long balance = 10_000;
        for (int atc = 0; atc < rides; atc++) {
            records.add(new TransitRecord(TransactionType.PURCHASE, CardSerial.of("3205000000000077"),
                    Cities.byCode("3205"), CardType.NORMAL, LocalDate.of(2030, 1, 1), atc, fare, balance,
                    LocalDateTime.of(2026, 11, 23, 8, atc), "0000000000A1", 10 + atc, CardAlgorithm.TRIPLE_DES, 1,
                    "00000000", Cities.byCode("3301"), "0000000000003301", "0000000000000001", Industry.BUS, 5, 0,
                    0, "BUS_FLAT"));
            balance -= fare;
        }
        Path file = inbox.resolve(name);
        DayFileWriter.write(file, RecordFormats.TRANSIT,
                new DayFileHeader(DayFileKind.TRANSIT, sender, Cities.byCode("3301"), DAY, 1), records);
        return file;
    }
}
