package cn.yrd.onecard.settlement.fund;

import static cn.yrd.onecard.settlement.intake.ClearingOutbox.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.settlement.SettlementTables;
import cn.yrd.onecard.settlement.day.DaySettlement;
import cn.yrd.onecard.settlement.intake.ClearedRecord;
import cn.yrd.onecard.settlement.intake.ClearingDayReader;
import cn.yrd.onecard.settlement.intake.ClearingOutbox;
import cn.yrd.onecard.settlement.ledger.Ledger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each home city's medical and pension funds are accounts of their own in the ledger, moved by what the centre
 * settled for their insured and pensioners away from home; the month's statement gives them by service city with
 * their ledger balances, and the bureau's figures both ways; a movement, a total or a posting changed alone fails it.
 */
@ServiceTest(schema = "settlement_funds")
class FundStatementsTest {
    private static final LocalDate NOV_22 = LocalDate.of(2026, 11, 22);
    private static final LocalDate NOV_23 = LocalDate.of(2026, 11, 23);
    private static final LocalDate DEC_1 = LocalDate.of(2026, 12, 1);
    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

    @Autowired
    DaySettlement settlement;

    @Autowired
    FundStatements statements;

    @Autowired
    Ledger ledger;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path outbox;

    @BeforeEach
    void threeSettledDays() throws Exception {
        SettlementTables.empty(jdbc);
        settle(NOV_22, List.of(
                // Shanghai's insured treated in Ningbo: two claims, the second reversed the same day.
                bill(record("HOSP3302-1.txt", 2, "MEDICAL", "A00000001", "3100", "3302", "C3I", 0, 9_000, 0, null, "1000",
                        null), 12_000),
                bill(record("HOSP3302-1.txt", 3, "MEDICAL", "A00000002", "3100", "3302", "C2O", 0, 3_000, 0, null, "1100",
                        null), 5_000),
                record("HOSP3302-1.txt", 4, "MEDICAL", "A00000002", "3302", "3100", "R2O", 0, 3_000, 0, null, "1500", null),
                // Held: the home city never authorised it; not the fund's.
                record("HOSP3302-1.txt", 5, "MEDICAL", "A00000003", "3100", "3302", "C3I", 0, 50_000, 0, null, "1600",
                        "C01"),
                // A Ningbo pensioner paid and certified in Shanghai; a Ningbo patient treated there.
                record("PENS3100-1.txt", 2, "PENSION", "B00000001", "3302", "3100", "PP", 0, 300_000, 0, null, "0900", null),
                record("PENS3100-1.txt", 3, "PENSION", "B00000001", "3302", "3100", "PL", 0, 0, 0, null, "0905", null),
                record("HOSP3100-1.txt", 2, "MEDICAL", "B00000002", "3302", "3100", "C1I", 0, 7_000, 0, null, "1300", null),
                // At home: not business away from home.
                record("HOSP3100-1.txt", 3, "MEDICAL", "A00000004", "3100", "3100", "C1O", 0, 4_000, 0, null, "1400", null)));
        settle(NOV_23, List.of(
                record("HOSP3205-1.txt", 2, "MEDICAL", "A00000001", "3100", "3205", "C3I", 0, 1_000, 0, null, "1000", null)));
        settle(DEC_1, List.of(
                record("HOSP3302-1.txt", 2, "MEDICAL", "A00000005", "3100", "3302", "C3I", 0, 2_000, 0, null, "1000", null)));
    }

    /** {@code r} with the whole bill the hospital's day file gave. */
    private static ClearedRecord bill(ClearedRecord r, long bill) {
        return new ClearedRecord(r.dayFile(), r.line(), r.businessLine(), r.card(), r.payer(), r.payee(), r.type(),
                r.counter(), r.amount(), r.fee(), r.balanceAfter(), r.time(), r.accepted(), r.reason(), bill);
    }

    private void settle(LocalDate day, List<ClearedRecord> records) throws Exception {
        ClearingOutbox.write(outbox, day, records);
        settlement.settle(ClearingDayReader.read(outbox, day));
    }

    @Test
    void aHomeCitysFundsAreItsOwnAccountsAndItsMonthIsTheirStatement() {
        FundStatements.Statement shanghai = statements.statement(Cities.byCode("3100"), NOVEMBER);
        assertThat(shanghai.medical().byCity()).extracting(FundStatements.Line::city, FundStatements.Line::claims,
                FundStatements.Line::claimed, FundStatements.Line::reversals, FundStatements.Line::reversed,
                FundStatements.Line::net).containsExactly(tuple("3205", 1L, 1_000L, 0L, 0L, 1_000L),
                        tuple("3302", 2L, 12_000L, 1L, 3_000L, 9_000L));
        assertThat(shanghai.medical().opening()).isZero();
        assertThat(shanghai.medical().closing()).isEqualTo(10_000);
        assertThat(ledger.balances(NOV_23)).containsEntry("3100.FUND.MEDICAL", 10_000L)
                .containsEntry("3302.FUND.PENSION", 300_000L).containsEntry("3302.FUND.MEDICAL", 7_000L)
                .containsEntry("3100.FUNDS_ADVANCED", -10_000L).containsEntry("3302.FUNDS_ADVANCED", -307_000L);
        assertThat(ledger.unbalancedEntries()).isEmpty();
        assertThat(shanghai.pension().byCity()).isEmpty();
        // What Shanghai's hospitals and agents did for Ningbo's insured and pensioners.
        assertThat(shanghai.served()).extracting(FundStatements.Line::city, FundStatements.Line::claims,
                FundStatements.Line::claimed, FundStatements.Line::payouts, FundStatements.Line::paid,
                FundStatements.Line::proofs).containsExactly(tuple("3302", 1L, 7_000L, 1L, 300_000L, 1L));

        FundStatements.Statement ningbo = statements.statement(Cities.byCode("3302"), NOVEMBER);
        assertThat(ningbo.pension().byCity()).extracting(FundStatements.Line::city, FundStatements.Line::payouts,
                FundStatements.Line::paid, FundStatements.Line::proofs).containsExactly(tuple("3100", 1L, 300_000L, 1L));
        assertThat(ningbo.served()).extracting(FundStatements.Line::city, FundStatements.Line::claims,
                FundStatements.Line::reversals).containsExactly(tuple("3100", 2L, 1L));

        // December starts where November ended.
        FundStatements.Statement december = statements.statement(Cities.byCode("3100"), NOVEMBER.plusMonths(1));
        assertThat(december.medical().opening()).isEqualTo(10_000);
        assertThat(december.medical().closing()).isEqualTo(12_000);
        // The claims' whole bills: 120.00 and 50.00 in Ningbo, 10.00 (all the fund's) in Suzhou.
        assertThat(FundStatements.csv(shanghai).lines()).contains(
                "2026-11,3100,MEDICAL,3302,2,17000,12000,1,3000,0,0,0,9000",
                "2026-11,3100,MEDICAL,TOTAL,3,18000,13000,1,3000,0,0,0,10000",
                "2026-11,3100,MEDICAL,BALANCE,,,,,,,,,opening 0 closing 10000");
        // The bureau's count by the hospital's level: Shanghai's insured elsewhere, Ningbo's treated in Shanghai.
        assertThat(shanghai.insuredByCare()).extracting(FundStatements.CareLine::care, FundStatements.CareLine::claims,
                FundStatements.CareLine::billed, FundStatements.CareLine::claimed, FundStatements.CareLine::reversals)
                .containsExactly(tuple("THREE-INPATIENT", 2L, 13_000L, 10_000L, 0L),
                        tuple("TWO-OUTPATIENT", 1L, 5_000L, 3_000L, 1L));
        assertThat(shanghai.servedByCare()).extracting(FundStatements.CareLine::care, FundStatements.CareLine::claims)
                .containsExactly(tuple("ONE-INPATIENT", 1L));
        assertThat(FundStatements.csv(shanghai).lines()).contains("2026-11,3100,INSURED_BY_CARE,TWO-OUTPATIENT,1,5000,"
                + "3000,1,3000,,,,0");
        assertThat(statements.statement(Cities.byCode("3301"), NOVEMBER).empty()).isTrue();
    }

    @Test
    void aMovementATotalOrAPostingChangedAloneFailsTheStatement() {
        jdbc.update("UPDATE fund_movement SET amount = amount + 1 WHERE home_city = '3100' AND kind = 'REVERSAL'");
        assertThatThrownBy(() -> statements.statement(Cities.byCode("3100"), NOVEMBER))
                .hasMessage("3100's medical business of 2026-11-22 does not add up: the funds' movements say it was "
                        + "owed 100.01 yuan, the MEDICAL totals 100.00 yuan");
        jdbc.update("UPDATE fund_movement SET amount = amount - 1 WHERE home_city = '3100' AND kind = 'REVERSAL'");

        jdbc.update("UPDATE pair_total SET net = net + 1, gross = gross + 1 WHERE business_line = 'PENSION'");
        assertThatThrownBy(() -> statements.statement(Cities.byCode("3302"), NOVEMBER))
                .hasMessage("3302's pension business of 2026-11-22 does not add up: the funds' movements say it owed "
                        + "3000.00 yuan, the PENSION totals 3000.01 yuan");
        jdbc.update("UPDATE pair_total SET net = net - 1, gross = gross - 1 WHERE business_line = 'PENSION'");

        // A posting to the fund's account that no movement explains (entries are immutable: it is a new one).
        jdbc.update("INSERT INTO journal_entry (business_date, kind, reference, description, posted_at) VALUES "
                + "('2026-11-23', 'CLEARING', 'PLANTED', 'planted', NOW(3))");
        long id = jdbc.queryForObject("SELECT id FROM journal_entry WHERE reference = 'PLANTED'", Long.class);
        jdbc.update("INSERT INTO journal_line (entry_id, line_no, account, debit, credit) VALUES (?, 0, "
                + "'3100.FUND.MEDICAL', 1, 0), (?, 1, '3100.FUNDS_ADVANCED', 0, 1)", id, id);
        assertThatThrownBy(() -> statements.statement(Cities.byCode("3100"), NOVEMBER))
                .hasMessage("3100's medical fund in 2026-11 does not add up: its movements say 100.00 yuan, the "
                        + "ledger's 3100.FUND.MEDICAL moved 100.01 yuan");
    }
}
