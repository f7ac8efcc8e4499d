package cn.yrd.onecard.cli;

import java.io.IOException;
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
