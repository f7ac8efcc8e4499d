package cn.yrd.onecard.terminal.reader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The status words a caller handles come as types of their own; the rest as the plain refusal, all named. */
class StatusExceptionTest {
    @Test
    void eachHandledWordHasItsTypeAndEveryRefusalNamesCommandAndWord() {
        assertThat(StatusException.of("INITIALIZE FOR CAPP PURCHASE", 0x9401))
                .isInstanceOf(StatusException.InsufficientBalanceException.class)
                .hasMessage("INITIALIZE FOR CAPP PURCHASE: 9401 insufficient balance");
        assertThat(StatusException.of("DEBIT FOR PURCHASE", 0x9302))
                .isInstanceOf(StatusException.SecurityRefusalException.class)
                .hasMessage("DEBIT FOR PURCHASE: 9302 MAC wrong");
        assertThat(StatusException.of("APPLICATION BLOCK", 0x6988))
                .isInstanceOf(StatusException.SecurityRefusalException.class);
        assertThat(StatusException.of("SELECT EP", 0x9303)).isInstanceOf(StatusException.CardLockedException.class);
        StatusException other = StatusException.of("READ RECORD", 0x6A82);
        assertThat(other.getClass()).isEqualTo(StatusException.class);
        assertThat(other.sw()).isEqualTo(0x6A82);
        assertThat(other.command()).isEqualTo("READ RECORD");
    }
}
