package cn.yrd.onecard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host runs its commands one after another in one JVM, and hands on what one opened to the next that asks with
 * the same settings, renewed first: never across other settings, never after a failure, and all of it closed when
 * the host ends.
 */
class CommandHostTest {
    @TempDir
    Path dir;

    @Test
    void whatACommandOpenedServesTheNextOfTheSameSettingsAndIsClosedOnAnyChangeFailureOrEnd() throws Exception {
        Path events = dir.resolve("events");
        Process host = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CommandHost.class.getName(), LeasingCommand.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> exits = new ArrayList<>();
        try (Writer requests = new java.io.OutputStreamWriter(host.getOutputStream(), StandardCharsets.UTF_8);
                BufferedReader answers = new BufferedReader(new InputStreamReader(host.getInputStream(),
                        StandardCharsets.UTF_8))) {
            String[][] runs = {
                {"DB=a", "night-1", "0"},
                {"DB=a", "night-1", "3"}, // the same settings: the same resource, whatever the last exit
                {"DB=b", "night-1", "0"}, // another database: closed, opened anew
                {"DB=b", "night-2", "0"}, // another night
                {"DB=b", "night-2", "1"}, // a failure: closed after it
                {"DB=b", "night-2", "0"},
            };
            for (String[] run : runs) {
                requests.write(CommandHost.request(dir.resolve("out").toString(), List.of(run[0]),
                        List.of(events.toString(), run[1], run[2])) + "\n");
                requests.flush();
                exits.add(answers.readLine());
            }
        }
        assertThat(host.waitFor(30, TimeUnit.SECONDS)).as("the host ends with its input").isTrue();

        assertThat(exits).containsExactly("exit 0", "exit 3", "exit 0", "exit 0", "exit 1", "exit 0");
        assertThat(Files.readAllLines(events)).containsExactly(
                "open 1 a night-1", "run on 1", "renew 1", "run on 1",
                "close 1", "open 2 b night-1", "run on 2",
                "close 2", "open 3 b night-2", "run on 3", "renew 3", "run on 3", "close 3",
                "open 4 b night-2", "run on 4", "close 4");
    }

    /** Outside a host, a lease is the command's own: opened for it and closed with it, never renewed. */
    @Test
    void outsideAHostTheLeaseIsClosedWithTheCommand() throws Exception {
        Path events = dir.resolve("events");
        assertThat(LeasingCommand.execute(new String[] {events.toString(), "night-1", "0"})).isZero();
        assertThat(LeasingCommand.execute(new String[] {events.toString(), "night-1", "0"})).isZero();

        assertThat(Files.readAllLines(events)).containsExactly("open 1 null night-1", "run on 1", "close 1",
                "open 2 null night-1", "run on 2", "close 2");
    }

    /** A command of the test host: leases a numbered resource for its night, notes it, and exits as told. */
    public static final class LeasingCommand {
        private static int opened;

        public static int execute(String[] args) {
            return Cli.run(() -> {
                Path events = Path.of(args[0]);
                try (CommandHost.Lease<Resource> lease = CommandHost.lease(args[1],
                        () -> new Resource(events, ++opened, System.getProperty("DB"), args[1]),
                        Resource::renew)) {
                    note(events, "run on " + lease.get().number);
                }
                return Integer.parseInt(args[2]);
            });
        }

        private static void note(Path events, String line) throws IOException {
            Files.writeString(events, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        private record Resource(Path events, int number, String db, String night) implements AutoCloseable {
            Resource {
                try {
                    note(events, "open " + number + " " + db + " " + night);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            void renew() {
                try {
                    note(events, "renew " + number);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void close() throws IOException {
                note(events, "close " + number);
            }
        }
    }
}
