package cn.yrd.onecard.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one command: positional words, {@code --name value} options and {@code --flag}s. Each
 * option is declared by asking for it; {@link #done()} then refuses anything that was given but not asked
 * for, so a typo is an error rather than a silently ignored option.
 */
public final class Arguments {
    private final String command;
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final Set<String> asked = new HashSet<>();

    private Arguments(String command) {
        this.command = command;
    }

    /**
     * Parses {@code args}; {@code flagNames} are the options that take no value.
     */
    public static Arguments parse(String command, String[] args, Set<String> flagNames) {
        Arguments a = new Arguments(command);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    a.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (flagNames.contains(name)) {
                    a.flags.add(name);
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    a.put(name, args[++i]);
                } else {
                    // Unknown, or an option missing its value: which one is decided when it is asked for.
                    a.flags.add(name);
                }
            } else {
                a.positional.add(arg);
            }
        }
        return a;
    }

    private void put(String name, String value) {
        if (options.put(name, value) != null) {
            throw new UsageException(command + ": option --" + name + " is given twice");
        }
    }

    public List<String> positional() {
        return List.copyOf(positional);
    }

    public boolean flag(String name) {
        asked.add(name);
        return flags.contains(name);
    }

    public String option(String name, String fallback) {
        asked.add(name);
        if (flags.contains(name)) {
            throw new UsageException(command + ": option --" + name + " needs a value");
        }
        return options.getOrDefault(name, fallback);
    }

    /** A whole number in {@code min..max}, or the fallback when the option is absent. */
    public long number(String name, long fallback, long min, long max) {
        String v = option(name, null);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a whole number, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new UsageException(command + ": --" + name + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    /** Refuses options nobody asked for and more positional words than {@code maxPositional}. */
    public void done(int maxPositional) {
        for (String name : options.keySet()) {
            if (!asked.contains(name)) {
                throw new UsageException(command + ": unknown option --" + name);
            }
        }
        for (String name : flags) {
            if (!asked.contains(name)) {
                throw new UsageException(command + ": unknown option --" + name);
            }
        }
        if (positional.size() > maxPositional) {
            throw new UsageException(command + ": unexpected argument '" + positional.get(maxPositional) + "'");
        }
    }
}
