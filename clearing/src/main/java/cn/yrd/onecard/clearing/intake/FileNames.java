package cn.yrd.onecard.clearing.intake;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A day file's name is data from outside: it is checked at intake before anything is stored or written under it.
 * Operators name their files with letters, digits, dot, dash and underscore ({@code BUS3205-20261202-1.txt});
 * anything else (a name that is not UTF-8, a {@code |} that would split a detail line, a line feed) is quarantined
 * with the reason, under a name of the centre's making.
 */
public final class FileNames {
    private static final Pattern USABLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private FileNames() {
    }

    /** Why {@code file}'s name cannot be taken in, or empty when it can. */
    public static Optional<String> unusable(Path file) {
        String name = file.getFileName().toString();
        if (USABLE.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of("file name '" + shown(file) + "' is not usable: a day file's name is 1 to 128 letters, "
                + "digits, '.', '-' or '_', starting with a letter or digit");
    }

    /** The name as it can be printed and stored: every character outside the usable set shown as '?'. */
    public static String shown(Path file) {
        String name = file.getFileName().toString();
        StringBuilder shown = new StringBuilder();
        name.codePoints().limit(128).forEach(c -> shown.append(c < 128 && (Character.isLetterOrDigit(c)
                || c == '.' || c == '-' || c == '_') ? (char) c : '?'));
        return shown.toString();
    }

    /** The name a quarantined file is kept under: its own when usable, else one made from its raw name's bytes. */
    public static String keptAs(Path file) {
        if (unusable(file).isEmpty()) {
            return file.getFileName().toString();
        }
        try {
            byte[] raw = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "unusable-name-" + HexFormat.of().formatHex(raw, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
