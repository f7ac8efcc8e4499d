package cn.yrd.onecard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;

/** {@code ./onecard version}: what is installed. */
public final class VersionCommand {
    private VersionCommand() {
    }

    public static void main(String[] args) {
        Cli.exit(() -> {
            Arguments.parse("version", args, Set.of()).done(0);
            System.out.println("onecard " + version());
            System.out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
                    + ")");
            return Cli.OK;
        });
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
