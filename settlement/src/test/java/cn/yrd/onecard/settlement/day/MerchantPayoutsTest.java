package cn.yrd.onecard.settlement.day;

import static cn.yrd.onecard.settlement.intake.ClearingOutbox.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.settlement.SettlementTables;
import cn.yrd.onecard.settlement.intake.ClearingDayReader;
import cn.yrd.onecard.settlement.intake.ClearingOutbox;
import cn.yrd.onecard.settlement.intake.MerchantPayout;
import cn.yrd.onecard.settlement.intake.RefusedDayException;
import cn.yrd.onecard.settlement.ledger.Ledger;
import cn.yrd.onecard.settlement.netting.SettlementInstruction;
import cn.yrd.onecard.settlement.reconciliation.Reconciliation;
import cn.yrd.onecard.settlement.reconciliation.RefusedFileException;
import cn.yrd.onecard.settlement.report.ReportFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each acquiring city pays its merchants the day's payments net of the discount: one transfer a merchant in the day's
 * instructions, a statement a merchant, owed in the ledger until the bank's confirmation pays it; merchants files
 * that do not agree with the MERCHANT totals refuse the day.
 */
@ServiceTest(schema = "settlement_merchants")
class MerchantPayoutsTest {
    static final MerchantPayout TEA_HOUSE = ClearingOutbox.TEA_HOUSE;
    static final MerchantPayout TAXI = ClearingOutbox.TAXI;

    @Autowired
    DaySettlement settlement;

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    Ledger ledger;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path outbox;

    @BeforeEach
    void emptyTables() {
        SettlementTables.empty(jdbc);
    }

    private Path day() throws Exception {
        return ClearingOutbox.sampleDayWithMerchants(outbox);
    }

    @Test
    void eachMerchantIsInstructedItsNetOwedUntilTheBankPaysItAndGetsItsStatement() throws Exception {
        day();
        DaySettlement.Outcome outcome = settlement.settle(ClearingDayReader.read(outbox, DAY));

        assertThat(outcome.instructions()).filteredOn(i -> i.direction() == SettlementInstruction.Direction.MERCHANT)
                .extracting(SettlementInstruction::reference, SettlementInstruction::city,
                        SettlementInstruction::amount, SettlementInstruction::maskedTo)
                .containsExactly(
                        tuple("MPY-20261123-320500000000017", "3205", 2236L,
                                "**************1234"),
                        tuple("MPY-20261123-320500000000305", "3205", 2321L,
                                "**************3050"));
        assertThat(jdbc.queryForList("SELECT CONCAT_WS(' ', merchant_id, payments, gross, discount, net, reference) "
                + "FROM merchant_payout ORDER BY merchant_id", String.class)).containsExactly(
                "320500000000017 2 2250 14 2236 MPY-20261123-320500000000017",
                "320500000000305 1 2340 19 2321 MPY-20261123-320500000000305");
        assertThat(ledger.unbalancedEntries()).isEmpty();
        assertThat(ledger.balances(DAY)).containsEntry("3205.MERCHANTS_DUE", -4557L)
                .containsEntry("3205.MERCHANT_FUNDS", 4557L);

        String paid = "C|MPY-20261123-320500000000017|3205|622202320500001234|2236|20261124093000|B0101\n"
                + "C|MPY-20261123-320500000000305|3205|622202320500003050|2320|20261124093005|B0102\n";
        Path confirmation = Files.writeString(outbox.resolve("confirmation.txt"),
                "H|BANK_CONFIRMATION|1|20261123\n" + paid + "T|2|4556\n");
        Reconciliation.Report report = reconciliation.bank(DAY, confirmation);

        assertThat(report.matched()).as("the tea house was paid its net").isEqualTo(1);
        assertThat(report.breaks()).filteredOn(b -> b.reference().startsWith("MPY-")).singleElement()
                .satisfies(b -> assertThat(b.action()).isEqualTo("instructed 2321 fen, executed 2320: ask the bank to "
                        + "transfer the missing 1 fen"));
        assertThat(ledger.balances(DAY)).as("the taxi is still owed its net").containsEntry("3205.MERCHANTS_DUE",
                -2321L);
    }

    @Test
    void eachMerchantGetsItsStatementAsCsvAndPdfAndItsOwnFiguresAreReconciled(@Autowired ReportFiles reports)
            throws Exception {
        day();
        settlement.settle(ClearingDayReader.read(outbox, DAY));
        Path written = reports.write(DAY, outbox.resolve("reports")).getParent().resolve("merchants");
        assertThat(Files.readString(written.resolve("320500000000017.csv"))).isEqualTo(
                "business_date,acquirer,merchant_id,name,payments,gross_fen,discount_fen,net_fen,transfer\n"
                        + "2026-11-23,3205,320500000000017,Lanting Tea House,2,2250,14,2236,"
                        + "MPY-20261123-320500000000017\n");
        assertThat(Files.readAllBytes(written.resolve("320500000000305.pdf"))).startsWith("%PDF".getBytes());
        assertThat(written.toFile().list()).hasSize(4);

        Path own = Files.writeString(outbox.resolve("tea.txt"),
                "H|MERCHANT_STATEMENT|1|320500000000017|20261123\nS|2|2250\nT|1|2250\n");
        assertThat(reconciliation.merchantStatement(DAY, "320500000000017", own).matched()).isEqualTo(1);
        Path taxi = Files.writeString(outbox.resolve("taxi.txt"),
                "H|MERCHANT_STATEMENT|1|320500000000305|20261123\nS|2|4140\nT|1|4140\n");
        assertThat(reconciliation.merchantStatement(DAY, "320500000000305", taxi).breaks()).singleElement()
                .satisfies(b -> assertThat(b.action()).startsWith("clearing 1 payments, 2340 fen; the merchant 2, "
                        + "4140"));
        Path stranger = Files.writeString(outbox.resolve("other.txt"),
                "H|MERCHANT_STATEMENT|1|320500000000999|20261123\nS|1|500\nT|1|500\n");
        assertThat(reconciliation.merchantStatement(DAY, "320500000000999", stranger).breaks()).singleElement()
                .satisfies(b -> assertThat(b.kind().name()).isEqualTo("NOT_CLEARED"));
        Path bad = Files.writeString(outbox.resolve("bad.txt"),
                "H|MERCHANT_STATEMENT|1|320500000000017|20261123\nS|x|2250\nT|1|2250\n");
        assertThatThrownBy(() -> reconciliation.merchantStatement(DAY, "320500000000017", bad))
                .isInstanceOfSatisfying(RefusedFileException.class, e -> assertThat(e.problems())
                        .containsExactly("bad.txt: line 2: count 'x' is not a whole number"));
    }

    @Test
    void merchantsFilesThatDisagreeWithTheMerchantTotalsRefuseTheDayAndChangeNothing() throws Exception {
        Path dir = day();
        ClearingOutbox.rewrite(dir.resolve("3205-merchants.txt"), lines -> lines.stream()
                .map(l -> l.replace("|2|2250|14|2236", "|2|2260|14|2246")).toList());
        assertThatThrownBy(() -> ClearingDayReader.read(outbox, DAY)).isInstanceOf(RefusedDayException.class)
                .hasMessage("clearing of 2026-11-23 does not agree with itself: 3205's merchants are owed 3 payments, "
                        + "4600 fen gross, 33 fen discount; its MERCHANT totals say 3 payments, 4590 fen gross, 8 fen "
                        + "kept back by the issuers");

        ClearingOutbox.rewrite(dir.resolve("3205-merchants.txt"), lines -> lines.stream()
                .map(l -> l.replace("|2|2260|14|2246", "|2|2250|14|2246")).toList());
        assertThatThrownBy(() -> ClearingDayReader.read(outbox, DAY)).hasMessageContaining("3205-merchants.txt: line 2")
                .hasMessageContaining("do not add up");

        Files.delete(dir.resolve("3205-merchants.txt"));
        assertThatThrownBy(() -> ClearingDayReader.read(outbox, DAY)).hasMessageStartingWith(
                "clearing merchants of 3205 (Suzhou) is missing");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM settlement_instruction", Long.class)).isZero();
    }
}
