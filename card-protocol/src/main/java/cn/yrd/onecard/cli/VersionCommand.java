package cn.yrd.onecard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./onecard version}: what is installed. */
@Command(name = "version", description = "The installed version and the Java it runs on.")
public final class VersionCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    public static void main(String[] args) {
        Cli.exit(() -> Cli.execute(new VersionCommand(), args));
    }

    @Override
    public Integer call() throws IOException {
        System.out.println("onecard " + version());
        System.out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
                + ")");
        return Cli.OK;
    }

    /** The build's version, from the filtered {@code onecard-version.properties}. */
    public static String version() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("/onecard-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            p.load(in);
        }
        return p.getProperty("version", "unknown");
    }
}
