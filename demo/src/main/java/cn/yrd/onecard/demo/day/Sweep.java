package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.UsageException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./onecard demo --seeds 1-200}: many days, a few side by side (a lane a core), each checked by the same
 * invariants as a single day. They share one database server; each lane has schemas of its own and one warm JVM per
 * service. Each day prints one line, in the seeds' order: {@code pass}, or the first invariant that broke and the
 * command that replays that seed alone. A day that passed leaves nothing behind; a failed one keeps its folder and
 * log under {@code seeds/}.
 */
final class Sweep {
    /** More seeds than a night of sweeping could use: a typo such as 1-2000000 is refused, not run for days. */
    private static final int MAX_SEEDS = 100_000;
    /**
     * Days run side by side, at most one a core: one day keeps 1.1 of the 2 cores busy (its services wait on the
     * database and on each other), two keep both.
     */
    private static final int MAX_LANES = 4;

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
        int lanes = Math.min(seeds.size(), Math.min(MAX_LANES, Runtime.getRuntime().availableProcessors()));
        out.printf("%d %sdays in the delta, %,d cards and %,d taps each, %d at a time, everything under %s%n",
                seeds.size(), faults ? "faulty " : "", cards, taps, lanes, outDir);
        int passed = 0;
        long started = System.nanoTime();
        List<Services> laneServices = Services.sweep(outDir, env, lanes);
        Trust trust = Trust.create(outDir.resolve("pki"), IssueStage.password(env));
        BlockingQueue<Services> free = new ArrayBlockingQueue<>(lanes, false, laneServices);
        ExecutorService pool = Executors.newFixedThreadPool(lanes);
        try (CardField.Supply fields = CardField.inJvm()) {
            List<Future<String>> days = new ArrayList<>();
            for (long seed : seeds) {
                days.add(pool.submit(() -> {
                    Services lane = free.take();
                    try {
                        return day(seed, cards, taps, faults, fields, lane, trust);
                    } finally {
                        free.add(lane);
                    }
                }));
            }
            // In the seeds' order, each line as soon as its day and those before it are done.
            for (Future<String> day : days) {
                String line = day.get();
                passed += line.contains(" pass (") ? 1 : 0;
                out.println(line);
            }
        } finally {
            pool.shutdownNow();
            laneServices.forEach(Services::close);
        }
        int failed = seeds.size() - passed;
        out.printf("%d days in %.1f s%n", seeds.size(), (System.nanoTime() - started) / 1e9);
        out.printf("%d passed, %d failed%n", passed, failed);
        return failed == 0 ? Cli.OK : Cli.FAILED;
    }

    /** One seed's day on {@code lane}: its line, {@code pass} or {@code FAIL} with the replay command. */
    private String day(long seed, int cards, int taps, boolean faults, CardField.Supply fields, Services lane,
            Trust trust) throws Exception {
        Path dayDir = outDir.resolve("seeds/" + seed);
        Path log = outDir.resolve("seeds/" + seed + ".log");
        Files.createDirectories(dayDir);
        long dayStarted = System.nanoTime();
        String broken;
        String times = "";
        try (PrintStream dayOut = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            DemoCommand.Options o = new DemoCommand.Options(cards, taps, seed, dayDir, new Faults(seed, faults),
                    false, 0, false, trust);
            try {
                // Emptying the lane's schemas is part of the day: if it fails, this seed fails, with its log.
                Services day = lane.day(dayDir);
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
            Services.deleteTree(dayDir);
            Files.delete(log);
            return String.format("seed %-6d pass (%.1f s: %s)", seed, seconds, times);
        }
        return String.format("seed %-6d FAIL %s%n            replay: ./onecard demo%s --seed %d --cards %d --taps %d "
                + "(this day's log: %s)", seed, broken.replaceAll("\\s*\\R\\s*", " "), faults ? " --faults" : "",
                seed, cards, taps, log);
    }
}
