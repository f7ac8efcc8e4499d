package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.UsageException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./onecard demo --seeds 1-200}: many days, one after another, each checked by the same invariants as a
 * single day. They share one database server (each day on schemas of its own) and one warm JVM per service; each
 * day prints one line, {@code pass} or the first invariant that broke and the command that replays that seed
 * alone. A day that passed leaves nothing behind; a failed one keeps its folder and log under {@code seeds/}.
 */
final class Sweep {
    /** More seeds than a night of sweeping could use: a typo such as 1-2000000 is refused, not run for days. */
    private static final int MAX_SEEDS = 100_000;

    private final PrintStream out;
    private final Map<String, String> env;
    private final Path outDir;

    Sweep(PrintStream out, Map<String, String> env, Path outDir) {
        this.out = out;
        this.env = env;
        this.outDir = outDir;
    }

    /** The seeds of {@code 1-200}, {@code 1,5,9} or {@code 1-5,9}, in the order given, each once. */
    static List<Long> seeds(String text) {
        Set<Long> seeds = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            if (!p.matches("-?[0-9]{1,18}(-(-?[0-9]{1,18}))?")) {
                throw new UsageException("demo: --seeds must be numbers and ranges such as 1-200 or 1,5,9, got '"
                        + text + "'");
            }
            int dash = p.indexOf('-', 1);
            long from = Long.parseLong(dash < 0 ? p : p.substring(0, dash));
            long to = dash < 0 ? from : Long.parseLong(p.substring(dash + 1));
            if (to < from) {
                throw new UsageException("demo: --seeds range " + p + " runs backwards");
            }
            if (to - from >= MAX_SEEDS || seeds.size() + (to - from + 1) > MAX_SEEDS) {
                throw new UsageException("demo: --seeds names more than " + MAX_SEEDS + " days");
            }
            for (long s = from; s <= to; s++) {
                seeds.add(s);
            }
        }
        return new ArrayList<>(seeds);
    }

    int run(List<Long> seeds, int cards, int taps, boolean faults) throws Exception {
        out.printf("%d %sdays in the delta, %,d cards and %,d taps each, everything under %s%n", seeds.size(),
                faults ? "faulty " : "", cards, taps, outDir);
        int passed = 0;
        long started = System.nanoTime();
        try (Services services = Services.sweep(outDir, env); CardField.Supply fields = CardField.inJvm()) {
            for (long seed : seeds) {
                Path dayDir = outDir.resolve("seeds/" + seed);
                Path log = outDir.resolve("seeds/" + seed + ".log");
                Files.createDirectories(dayDir);
                long dayStarted = System.nanoTime();
                String broken;
                String times = "";
                Services day = services.day(dayDir);
                try (PrintStream dayOut = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
                    DemoCommand.Options o = new DemoCommand.Options(cards, taps, seed, dayDir, new Faults(seed, faults),
                            false, 0, false);
                    try {
                        DemoCommand.Outcome outcome = new DemoCommand(dayOut, env).day(o, fields, day);
                        broken = outcome.firstBroken();
                        times = outcome.stageTimes();
                    } catch (Exception e) {
                        broken = "the day stopped: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                        e.printStackTrace(dayOut);
                    }
                }
                double seconds = (System.nanoTime() - dayStarted) / 1e9;
                if (broken == null) {
                    passed++;
                    out.printf("seed %-6d pass (%.1f s: %s)%n", seed, seconds, times);
                    delete(dayDir);
                    Files.delete(log);
                } else {
                    out.printf("seed %-6d FAIL %s%n            replay: ./onecard demo%s --seed %d --cards %d --taps %d "
                            + "(this day's log: %s)%n", seed, broken.replaceAll("\\s*\\R\\s*", " "),
                            faults ? " --faults" : "", seed, cards, taps, log);
                }
            }
        }
        int failed = seeds.size() - passed;
        out.printf("%d days in %.1f s%n", seeds.size(), (System.nanoTime() - started) / 1e9);
        out.printf("%d passed, %d failed%n", passed, failed);
        return failed == 0 ? Cli.OK : Cli.FAILED;
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
