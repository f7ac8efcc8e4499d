package cn.yrd.onecard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The exit-code contract of every command on picocli: 0, 1 failed, 2 usage, 3 attention; one line each. */
class CommandsTest {
    @Command(name = "file", subcommands = Show.class, description = "A test command.")
    static final class FileCommand implements Callable<Integer> {
        @Mixin
        HelpOption help;
        @Option(names = "--count", defaultValue = "3", description = "how many (default: ${DEFAULT-VALUE})")
        int count;
        @Option(names = "--fail", description = "fail")
        boolean fail;

        @Override
        public Integer call() throws Exception {
            if (fail) {
                throw new java.io.IOException("the disk is full");
            }
            Cli.range("file", "count", count, 1, 5);
            return count == 5 ? Cli.ATTENTION : Cli.OK;
        }
    }

    @Command(name = "show")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        FileCommand file;

        @Override
        public Integer call() {
            System.out.println("showing " + file.count);
            return Cli.OK;
        }
    }

    record Result(int exit, String out, String err) {
    }

    @Test
    void exitCodesAndOneLineErrors() {
        assertThat(run()).isEqualTo(new Result(Cli.OK, "", ""));
        assertThat(run("--count", "5").exit()).as("done, and something needs a person").isEqualTo(Cli.ATTENTION);
        assertThat(run("--count", "9")).isEqualTo(new Result(Cli.USAGE, "",
                "onecard: file: --count must be between 1 and 5, got 9\n"));
        assertThat(run("--count", "x")).isEqualTo(new Result(Cli.USAGE, "",
                "onecard: file: Invalid value for option '--count': 'x' is not an int\n"));
        assertThat(run("--cuont", "4")).isEqualTo(new Result(Cli.USAGE, "",
                "onecard: file: Unknown options: '--cuont', '4'\n"));
        assertThat(run("show", "--x")).isEqualTo(new Result(Cli.USAGE, "", "onecard: file show: Unknown option: "
                + "'--x'\n"));
        assertThat(run("--fail")).isEqualTo(new Result(Cli.FAILED, "", "onecard: the disk is full\n"));
        assertThat(run("--count", "4", "show")).isEqualTo(new Result(Cli.OK, "showing 4\n", ""));
    }

    @Test
    void helpIsGeneratedFromTheOptions() {
        Result help = run("--help");
        assertThat(help.exit()).isEqualTo(Cli.OK);
        assertThat(help.out()).contains("Usage: file [-h] [--fail] [--count=<count>]", "how many (default: 3)",
                "show");
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

    private static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int exit = Cli.run(() -> Cli.execute(new FileCommand(), args));
            return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
