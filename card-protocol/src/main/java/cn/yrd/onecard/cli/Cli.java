package cn.yrd.onecard.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Runs a command's body the way every {@code ./onecard} command behaves: a usage error prints one line and
 * exits 2, any other failure prints one line and exits 1; stack traces only with {@code ONECARD_DEBUG=1}.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** Done, and something needs a person: records in suspense, a file quarantined, an approved load missing. */
    public static final int ATTENTION = 3;
    /**
     * Set by a command that starts another as a child process: the parent's process id. The child then ends
     * (running its shutdown hooks, which stop a database it owns) as soon as that process is gone, however it
     * ended: no child outlives the command that started it.
     */
    public static final String PARENT_PID = "ONECARD_PARENT_PID";

    private Cli() {
    }

    /** A command body: returns its exit code. */
    @FunctionalInterface
    public interface Body {
        int run() throws Exception;
    }

    public static void exit(Body body) {
        dieWithParent(System.getenv(PARENT_PID));
        System.exit(run(body));
    }

    /** Ends this JVM when the process {@code parentPid} ends (nothing when it is null or blank). */
    static void dieWithParent(String parentPid) {
        if (parentPid == null || parentPid.isBlank()) {
            return;
        }
        ProcessHandle parent = ProcessHandle.of(Long.parseLong(parentPid.strip())).orElse(null);
        if (parent == null) {
            System.exit(FAILED); // gone before this child got going
        }
        parent.onExit().thenRun(() -> {
            System.err.println("onecard: the command that started this one (pid " + parent.pid() + ") ended");
            System.exit(FAILED);
        });
    }

    public static int run(Body body) {
        try {
            return body.run();
        } catch (UsageException e) {
            System.err.println("onecard: " + e.getMessage());
            return USAGE;
        } catch (Exception | Error e) {
            if ("1".equals(System.getenv("ONECARD_DEBUG"))) {
                e.printStackTrace();
            }
            System.err.println("onecard: " + oneLine(e));
            return FAILED;
        }
    }

    /**
     * Parses {@code args} into {@code command}, a picocli {@code @Command} (the options its fields declare, its
     * subcommands), and calls the command or subcommand named, which returns its exit code. A refusal of the
     * arguments is a {@link UsageException} naming the command ({@code "clear: Unknown option: '--dat'"}); help
     * ({@code --help}) is printed to standard output. A command with subcommands that is given none names them.
     */
    public static int execute(Object command, String... args) throws Exception {
        CommandLine line = new CommandLine(command);
        CommandLine.ParseResult parsed;
        try {
            parsed = line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(name(e.getCommandLine()) + ": " + e.getMessage());
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return OK;
        }
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        Object chosen = parsed.commandSpec().userObject();
        if (chosen instanceof Callable<?> callable) {
            return (Integer) callable.call();
        }
        throw new UsageException(name(parsed.commandSpec().commandLine()) + ": say which: "
                + String.join(", ", parsed.commandSpec().subcommands().keySet()));
    }

    /** {@code value} of option {@code --name} of {@code command} when it is in {@code min..max}. */
    public static long range(String command, String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageException(command + ": --" + name + " must be between " + min + " and " + max + ", got "
                    + value);
        }
        return value;
    }

    /** The day {@code text} of option {@code --date} of {@code command} names, as {@code YYYY-MM-DD}. */
    public static java.time.LocalDate date(String command, String text) {
        try {
            return java.time.LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new UsageException(command + ": --date must be YYYY-MM-DD, got '" + text + "'");
        }
    }

    /** The command's name as typed: {@code clear status}. */
    private static String name(CommandLine line) {
        return line.getCommandSpec().qualifiedName(" ");
    }

    /** The most telling message of a failure and its causes, on one line. */
    static String oneLine(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof NoSuchFileException f) {
            return "no such file: " + f.getFile();
        }
        if (t instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        } else if (t instanceof IOException && !(t.getClass() == IOException.class)) {
            message = t.getClass().getSimpleName() + ": " + message;
        }
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
