package cn.yrd.onecard.cli;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * One JVM that runs many commands of one module, one after another, for a caller that would otherwise start a
 * JVM for each (the demo's seed sweep: a service's JVM and its JIT warm once, not two hundred times). The
 * commands are the same code {@code ./onecard} runs; only the process around them is shared.
 *
 * <p>{@code java … CommandHost <command class>}, whose class has {@code public static int execute(String[])}.
 * Each line of standard input is one command, its fields separated by TAB: the file that takes what the command
 * prints (standard output and error), any number of {@code NAME=VALUE} system properties it runs with (a
 * service reads {@code ONECARD_DB_URL} and the like from them before the environment), {@code --}, then its
 * arguments. For each, the host answers one line on standard output: {@code exit N}. It ends when its input ends
 * or when the process that started it does ({@link Cli#PARENT_PID}).
 *
 * <p>A command may also leave the next one what it opened ({@link #lease}): a service's Spring context, whose start
 * is most of a small command's time, serves every command of the host that asks for it with the same settings.
 */
public final class CommandHost {
    /** The request under way in this JVM's host: its properties; null outside a host. */
    private static List<String> request;
    /** What an earlier command of this host left open, and the settings it was opened with. */
    private static Object keptKey;
    private static AutoCloseable kept;

    private CommandHost() {
    }

    /** Opens what a command uses, e.g. a service's context. */
    @FunctionalInterface
    public interface Opener<T extends AutoCloseable> {
        T open() throws Exception;
    }

    /** What {@link #lease} handed out: closing the lease closes it unless the host keeps it for the next command. */
    public record Lease<T extends AutoCloseable>(T get, boolean kept) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (!kept) {
                get.close();
            }
        }
    }

    /**
     * {@code open()} for this command alone, or, in a host, what an earlier command opened with an equal {@code key}
     * (the settings it depends on; the request's properties are added to it), after {@code renew} has put right
     * what an earlier command may have left worn (a service's pooled connections, which a database cut after that
     * command's last statement leaves dead). The host keeps one thing open at a time: another key closes it first,
     * and so does a command that failed (exit 1), so nothing a failure may have left half-done is handed on.
     */
    public static synchronized <T extends AutoCloseable> Lease<T> lease(Object key, Opener<T> open,
            Consumer<? super T> renew) throws Exception {
        if (request == null) {
            return new Lease<>(open.open(), false);
        }
        List<Object> settings = List.of(key, request);
        @SuppressWarnings("unchecked")
        T same = (T) kept;
        if (same != null && keptKey.equals(settings)) {
            renew.accept(same);
        } else {
            discardKept();
            same = open.open();
            kept = same;
            keptKey = settings;
        }
        return new Lease<>(same, true);
    }

    private static synchronized void discardKept() throws Exception {
        AutoCloseable closing = kept;
        kept = null;
        keptKey = null;
        if (closing != null) {
            closing.close();
        }
    }

    /** A request line for {@code args} run with {@code properties}, its output in {@code outputFile}. */
    public static String request(String outputFile, List<String> properties, List<String> args) {
        List<String> fields = new ArrayList<>();
        fields.add(outputFile);
        fields.addAll(properties);
        fields.add("--");
        fields.addAll(args);
        for (String f : fields) {
            if (f.contains("\t") || f.contains("\n")) {
                throw new IllegalArgumentException("a command host field cannot hold a TAB or a line feed: " + f);
            }
        }
        for (String p : properties) {
            if (p.indexOf('=') < 1) {
                throw new IllegalArgumentException("a property must be NAME=VALUE: " + p);
            }
        }
        return String.join("\t", fields);
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("onecard: usage: CommandHost <command class>");
            System.exit(Cli.USAGE);
        }
        Cli.exit(() -> serve(Class.forName(args[0]).getMethod("execute", String[].class)));
    }

    private static int serve(Method execute) throws Exception {
        PrintStream answers = System.out;
        PrintStream errors = System.err;
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = requests.readLine(); line != null; line = requests.readLine()) {
            List<String> fields = Arrays.asList(line.split("\t", -1));
            int dashes = fields.indexOf("--");
            if (dashes < 1) {
                answers.println("exit " + Cli.USAGE);
                continue;
            }
            List<String> properties = fields.subList(1, dashes);
            String[] commandArgs = fields.subList(dashes + 1, fields.size()).toArray(String[]::new);
            int exit;
            try (PrintStream output = new PrintStream(new FileOutputStream(fields.get(0)), true,
                    StandardCharsets.UTF_8)) {
                System.setOut(output);
                System.setErr(output);
                for (String p : properties) {
                    System.setProperty(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
                }
                request = List.copyOf(properties);
                try {
                    exit = (int) execute.invoke(null, (Object) commandArgs);
                    if (exit == Cli.FAILED) {
                        discardKept();
                    }
                } finally {
                    request = null;
                    properties.forEach(p -> System.clearProperty(p.substring(0, p.indexOf('='))));
                    System.setOut(answers);
                    System.setErr(errors);
                }
            }
            answers.println("exit " + exit);
            answers.flush();
        }
        discardKept();
        return Cli.OK;
    }
}
