package cn.yrd.onecard.settlement.netting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank's file of a day is the same bytes however its instructions come: as the settling run builds them (the
 * cities' positions, then the merchants' payouts) or as a later run reads a closed day's back from the database.
 */
class InstructionFileTest {
    @TempDir
    Path dir;

    @Test
    void aDaysInstructionsGiveTheSameBytesInWhateverOrderTheyCome() throws Exception {
        LocalDate date = LocalDate.of(2026, 12, 6);
        List<SettlementInstruction> built = List.of(
                new SettlementInstruction("STL-20261206-3100", date, "3100", SettlementInstruction.Direction.PAY_IN,
                        3721),
                new SettlementInstruction("STL-20261206-3201", date, "3201", SettlementInstruction.Direction.PAY_OUT,
                        216),
                new SettlementInstruction(SettlementInstruction.merchantReference(date, "310000000000001"), date,
                        "3100", SettlementInstruction.Direction.MERCHANT, 2341, "62223100000000000010"));
        Path first = InstructionFile.write(dir.resolve("settling"), date, built);
        List<SettlementInstruction> readBack = new ArrayList<>(built);
        readBack.sort(java.util.Comparator.comparing(SettlementInstruction::reference)); // as the database gives them
        Path again = InstructionFile.write(dir.resolve("closed"), date, readBack);

        assertThat(Files.readString(again)).isEqualTo(Files.readString(first)).startsWith("""
                H|SETTLEMENT_INSTRUCTIONS|1|20261206
                I|STL-20261206-3100|3100|CENTRE|3721
                I|STL-20261206-3201|CENTRE|3201|216
                I|MPY-20261206-310000000000001|3100|62223100000000000010|2341
                """);
    }
}
