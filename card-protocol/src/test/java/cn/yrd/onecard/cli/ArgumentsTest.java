package cn.yrd.onecard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void readsOptionsFlagsAndWords() {
        Arguments a = Arguments.parse("clear", new String[] {"status", "--date", "2026-11-23", "--force", "--n=5"},
                Set.of("force"));
        assertThat(a.option("date", null)).isEqualTo("2026-11-23");
        assertThat(a.flag("force")).isTrue();
        assertThat(a.number("n", 1, 1, 10)).isEqualTo(5);
        assertThat(a.option("inbox", "inbox")).isEqualTo("inbox");
        a.done(1);
        assertThat(a.positional()).containsExactly("status");
    }

    @Test
    void everyMistakeGetsItsOwnOneLineMessage() {
        assertThatThrownBy(() -> Arguments.parse("version", new String[] {"--x"}, Set.of()).done(0))
                .isInstanceOf(UsageException.class).hasMessage("version: unknown option --x");
        assertThatThrownBy(() -> Arguments.parse("clear", new String[] {"--date"}, Set.of()).option("date", null))
                .hasMessage("clear: option --date needs a value");
        assertThatThrownBy(() -> Arguments.parse("b", new String[] {"--n", "1", "--n", "2"}, Set.of()))
                .hasMessage("b: option --n is given twice");
        assertThatThrownBy(() -> Arguments.parse("b", new String[] {"--n", "99"}, Set.of()).number("n", 1, 1, 10))
                .hasMessage("b: --n must be between 1 and 10, got 99");
        assertThatThrownBy(() -> Arguments.parse("b", new String[] {"extra"}, Set.of()).done(0))
                .hasMessage("b: unexpected argument 'extra'");
    }

    @Test
    void failuresBecomeOneLineAndAnExitCode() {
        assertThat(Cli.run(() -> {
            throw new UsageException("x: bad");
        })).isEqualTo(Cli.USAGE);
        assertThat(Cli.run(() -> {
            throw new IllegalStateException("line one\n  line two");
        })).isEqualTo(Cli.FAILED);
        assertThat(Cli.oneLine(new IllegalStateException("line one\n  line two"))).isEqualTo("line one line two");
        assertThat(Cli.oneLine(new java.nio.file.NoSuchFileException("/x"))).isEqualTo("no such file: /x");
        assertThat(Cli.oneLine(new java.net.ConnectException("Connection refused")))
                .isEqualTo("ConnectException: Connection refused");
    }
}
