package cn.yrd.onecard.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * The processes of {@link ChildDiesWithParentTest}: {@code parent} starts a {@code child} as the demo starts its
 * services (with {@link Cli#PARENT_PID}) and prints its pid; the child is a command that would run for ever.
 */
public final class ChildOfCommand {
    private ChildOfCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("child")) {
            Cli.exit(() -> {
                Thread.sleep(Long.MAX_VALUE);
                return Cli.OK;
            });
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), ChildOfCommand.class.getName(), "child"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put(Cli.PARENT_PID, Long.toString(ProcessHandle.current().pid()));
        System.out.println("child " + pb.start().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
