package cn.yrd.onecard.clearing.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The interchange fee of docs/clearing.md at the default rules: 50 bp, half up, 1 fen minimum, 100 fen cap. */
class ClearingRulesTest {
    private final ClearingRules rules = new ClearingRules(7, 30, 20_000, 100_000, 10_000_000, 2_000_000, 50, 1, 100,
            30);

    @Test
    void feesAreBasisPointsRoundedHalfUpBetweenTheMinimumAndTheCap() {
        assertThat(rules.fee(300)).as("1.5 fen rounds up").isEqualTo(2);
        assertThat(rules.fee(200)).isEqualTo(1);
        assertThat(rules.fee(50)).as("0.25 fen: the minimum").isEqualTo(1);
        assertThat(rules.fee(1_000_000)).as("5,000 fen: the cap").isEqualTo(100);
    }

    @Test
    void aFreeRidePaysNoFeeSoNoNetTurnsNegative() {
        assertThat(rules.fee(0)).isZero();
        assertThat(rules.fee(1)).isEqualTo(1);
    }
}
