package cn.yrd.onecard.settlement.reconciliation;

import static cn.yrd.onecard.settlement.intake.ClearingOutbox.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.settlement.SettlementTables;
import cn.yrd.onecard.settlement.day.DaySettlement;
import cn.yrd.onecard.settlement.intake.ClearingDayReader;
import cn.yrd.onecard.settlement.intake.ClearingOutbox;
import cn.yrd.onecard.settlement.ledger.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The bank's confirmation against the sample day's instructions (3100 pays in 4099, 3205 pays in 901, the
 * centre pays 3301 5000), and a city's own statement against clearing.
 */
@ServiceTest(schema = "settlement_reconciliation")
class ReconciliationTest {
    private static final String HEADER = "H|BANK_CONFIRMATION|1|20261123\n";
    private static final String PAID_3100 = "C|STL-20261123-3100|3100|CENTRE|4099|20261124093000|B0001\n";
    private static final String PAID_3205 = "C|STL-20261123-3205|3205|CENTRE|901|20261124093100|B0002\n";
    private static final String PAID_3301 = "C|STL-20261123-3301|CENTRE|3301|5000|20261124100000|B0003\n";

    @Autowired
    DaySettlement settlement;

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    Ledger ledger;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    @BeforeEach
    void settledSampleDay() throws Exception {
        SettlementTables.empty(jdbc);
        ClearingOutbox.write(dir.resolve("outbox"), ClearingOutbox.sampleDay());
        settlement.settle(ClearingDayReader.read(dir.resolve("outbox"), DAY));
    }

    @Test
    void aFullConfirmationMatchesEveryInstructionAndEmptiesTheCentresAccounts() throws Exception {
        Reconciliation.Report report = reconciliation.bank(DAY, bank(PAID_3100 + PAID_3205 + PAID_3301, 3, 10000));

        assertThat(report.matched()).isEqualTo(3);
        assertThat(report.breaks()).isEmpty();
        Map<String, Long> balances = ledger.balances(DAY);
        assertThat(balances).containsEntry("CENTRE.BANK", 0L).containsEntry("3100.SETTLEMENT", 0L)
                .containsEntry("3301.SETTLEMENT", 0L);
        assertThat(ledger.unbalancedEntries()).isEmpty();
    }

    @Test
    void aMissingAWrongAndAnUnexpectedTransferAreEachABreakWithWhatToDo() throws Exception {
        String wrong = "C|STL-20261123-3205|3205|CENTRE|900|20261124093100|B0002\n";
        String stranger = "C|STL-20261123-3302|3302|CENTRE|77|20261124093200|B0009\n";

        Reconciliation.Report report = reconciliation.bank(DAY, bank(PAID_3100 + wrong + stranger, 3, 5076));

        assertThat(report.matched()).isEqualTo(1);
        assertThat(report.breaks()).extracting(b -> b.kind() + " " + b.reference() + " " + b.expected() + " " + b.actual())
                .containsExactly("AMOUNT_DIFFERS STL-20261123-3205 901 900",
                        "UNEXPECTED STL-20261123-3302 (bank B0009) null 77",
                        "MISSING STL-20261123-3301 5000 null");
        assertThat(report.breaks().get(0).action()).isEqualTo("instructed 901 fen, executed 900: ask the bank to "
                + "transfer the missing 1 fen");
        // Only the matched transfer moved money in the ledger.
        assertThat(ledger.balances(DAY)).containsEntry("CENTRE.BANK", 4099L).containsEntry("3205.SETTLEMENT", 901L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM reconciliation_break", Integer.class)).isEqualTo(3);
    }

    @Test
    void theSameConfirmationTwicePostsNothingTwiceAndADoubleExecutionIsABreak() throws Exception {
        reconciliation.bank(DAY, bank(PAID_3100, 1, 4099));
        Map<String, Long> once = ledger.balances(DAY);

        Reconciliation.Report again = reconciliation.bank(DAY, bank(PAID_3100, 1, 4099));
        Reconciliation.Report twice = reconciliation.bank(DAY,
                bank(PAID_3100.replace("B0001", "B0077"), 1, 4099));

        assertThat(again.matched()).isEqualTo(1);
        assertThat(ledger.balances(DAY)).isEqualTo(once);
        assertThat(twice.breaks()).extracting(Break::kind).contains(Break.Kind.DUPLICATE);
        assertThat(ledger.balances(DAY)).isEqualTo(once);
    }

    @Test
    void aMalformedFileIsRefusedWholeWithEveryBadLineAndNothingPosted() throws Exception {
        String text = HEADER + PAID_3100 + "C|STL-20261123-3205|3205|CENTRE|9x1|20261124093100|B0002\n"
                + "C|STL-20261123-3301|CENTRE|9999|5000|2026112410|B0003\n" + "T|3|9099\n";
        Path file = Files.writeString(dir.resolve("bank.txt"), text);

        assertThatThrownBy(() -> reconciliation.bank(DAY, file)).isInstanceOfSatisfying(RefusedFileException.class,
                e -> assertThat(e.problems()).containsExactly(
                        "bank.txt: line 3: amount '9x1' is not a whole number of fen",
                        "bank.txt: line 4: to account '9999' is neither CENTRE, a city nor a bank account",
                        "bank.txt: line 4: execution time '2026112410' is not YYYYMMDDhhmmss"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM journal_entry WHERE kind = 'BANK'", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM reconciliation_break", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM settlement_instruction WHERE bank_txn IS NOT NULL",
                Integer.class)).isZero();
    }

    /**
     * Amounts whose sum passes 2^63 fen: the sum wrapped silently, and a trailer forged to the wrapped figure matched.
     * Now the file is refused, naming the line, and nothing is posted.
     */
    @Test
    void amountsThatOverflowTheTotalAreRefusedNotWrapped() throws Exception {
        String huge = "C|STL-20261123-3205|3205|CENTRE|999999999999999999|20261124093100|B0002\n";
        long wrapped = 4099;
        for (int i = 0; i < 10; i++) {
            wrapped += 999_999_999_999_999_999L; // what the unchecked sum came to
        }
        Path file = Files.writeString(dir.resolve("bank.txt"), HEADER + PAID_3100 + huge.repeat(10) + "T|11|"
                + wrapped + "\n");
        assertThatThrownBy(() -> reconciliation.bank(DAY, file)).isInstanceOfSatisfying(RefusedFileException.class,
                e -> assertThat(e.problems()).contains(
                        "bank.txt: line 12: the amounts add up past what a 64-bit fen total holds"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM journal_entry WHERE kind = 'BANK'", Integer.class)).isZero();
    }

    @Test
    void injectionStringsInABankFileAreJustBadFields() throws Exception {
        String evil = "C|STL-20261123-3100'; DROP TABLE journal_line; --|3100|CENTRE|4099|20261124093000|<script>\n";
        assertThatThrownBy(() -> reconciliation.bank(DAY, bank(evil, 1, 4099))).isInstanceOf(RefusedFileException.class)
                .hasMessageContaining("bank transaction '<script>' is not 1-32 letters, digits or '-'");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM journal_line", Integer.class)).isPositive();
    }

    @Test
    void aCitysStatementIsComparedPairByPairWithClearing() throws Exception {
        Path statement = Files.writeString(dir.resolve("3205-statement.txt"), """
                H|CITY_STATEMENT|1|3205|20261123
                S|TRANSIT|3100|3205|2|500
                S|TRANSIT|3205|3100|3|1500
                S|TRANSIT|3205|3302|1|300
                T|3|2300
                """);

        Reconciliation.Report report = reconciliation.statement(DAY, "3205", statement);

        assertThat(report.matched()).isEqualTo(1);
        assertThat(report.breaks()).extracting(b -> b.kind() + " " + b.reference() + " " + b.expected() + " " + b.actual())
                .containsExactly("DIFFERS TRANSIT 3205 -> 3100 1400 1500", "NOT_CLEARED TRANSIT 3205 -> 3302 null 300");
    }

    private Path bank(String lines, int count, long sum) throws Exception {
        return Files.writeString(dir.resolve("bank-" + System.nanoTime() + ".txt"),
                HEADER + lines + "T|" + count + "|" + sum + "\n");
    }
}
