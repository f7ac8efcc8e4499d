package cn.yrd.onecard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A command started by another (the demo's services) ends when its parent does, killed or terminated. */
class ChildDiesWithParentTest {

    @ParameterizedTest(name = "parent ended by {0}")
    @ValueSource(strings = {"SIGKILL", "SIGTERM"})
    void theChildEndsWithinSecondsOfItsParent(String signal) throws Exception {
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ChildOfCommand.class.getName(), "parent")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ProcessHandle child;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.UTF_8))) {
            child = ProcessHandle.of(Long.parseLong(out.readLine().substring("child ".length()))).orElseThrow();
        }
        try {
            Thread.sleep(1500); // the child is up and watching
            assertThat(child.isAlive()).isTrue();

            if (signal.equals("SIGKILL")) {
                parent.destroyForcibly();
            } else {
                parent.destroy();
            }

            assertThat(child.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get())
                    .as("the child outlived its parent by 10 s").isNotNull();
        } finally {
            child.destroyForcibly();
            parent.destroyForcibly();
        }
    }
}
