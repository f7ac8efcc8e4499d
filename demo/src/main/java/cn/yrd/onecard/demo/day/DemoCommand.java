package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.cli.HelpOption;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./onecard demo}: a business day of the delta, end to end. Cards of the 16 cities are issued from a
 * generated test keystore; a day of bus rides, mostly local, some across to a neighbouring city, runs through
 * the real validator code on simulated readers; every operator's day file is exported; clearing and settlement
 * run as the separate services they are (child JVMs on the same database); the centre's bank confirms the
 * transfers; and the day's invariants are checked and printed. The same seed gives the same day.
 */
@Command(name = "demo", description = "A business day of the 16 cities end to end, its invariants checked; or many "
        + "days, one line each.")
public final class DemoCommand implements Callable<Integer> {
    private final PrintStream out;
    private final Map<String, String> env;

    @Mixin
    HelpOption help;
    @Option(paramLabel = "N", names = "--cards", defaultValue = "2000",
            description = "cards issued (default: ${DEFAULT-VALUE})")
    long cards;
    @Option(paramLabel = "N", names = "--taps", defaultValue = "20000",
            description = "taps in the day (default: ${DEFAULT-VALUE})")
    long taps;
    @Option(paramLabel = "N", names = "--seed",
            description = "the day's draw (default: 1); the same seed gives the same day")
    Long seed;
    @Option(names = "--seeds", paramLabel = "FROM-TO", description = "many days, one line each, then 'N passed, M "
            + "failed'")
    String seeds;
    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR", description = "(default: ./${DEFAULT-VALUE})")
    Path outArg;
    @Option(names = "--faults", description = "the faulty day")
    boolean faults;
    @Option(paramLabel = "N", names = "--days", defaultValue = "1", description = "consecutive business days on the "
            + "same cards and databases, ending today; lost cards replaced, refunded and found at the counters "
            + "(up to " + CardLife.MAX_DAYS + "; default: ${DEFAULT-VALUE})")
    long days;
    @Option(names = "--dr", description = "the day on the centre's two sites, a replicated pair of mariadbd "
            + "servers; the primary's site is lost mid-clearing, the standby promoted, the night finished there "
            + "(docs/recovery.md)")
    boolean dr;
    @Option(names = "--serve", description = "keep the finance pages up after the day")
    boolean serve;
    @Option(names = "--pcsc", description = "taps through pcscd and the vpcd reader")
    boolean pcsc;
    @Option(paramLabel = "N", names = "--port", defaultValue = "8080",
            description = "the finance pages' port (default: ${DEFAULT-VALUE})")
    long port;

    DemoCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    public static void main(String[] args) {
        Cli.exit(() -> new DemoCommand(System.out, System.getenv()).run(args));
    }

    /** Runs {@code args} on a command of their own: each run's options start from their defaults. */
    int run(String[] args) throws Exception {
        return Cli.execute(new DemoCommand(out, env), args);
    }

    @Override
    public Integer call() throws Exception {
        int cards = (int) Cli.range("demo", "cards", this.cards, 16, 200_000);
        int taps = (int) Cli.range("demo", "taps", this.taps, 1, 5_000_000);
        int port = (int) Cli.range("demo", "port", this.port, 1, 65535);
        long seed = this.seed == null ? 1 : this.seed;
        Path outDir = outArg.toAbsolutePath();
        int days = (int) Cli.range("demo", "days", this.days, 1, CardLife.MAX_DAYS);
        if (days > 1 && (seeds != null || faults)) {
            throw new UsageException("demo: --days runs plain days one after another; it goes with neither --seeds nor "
                    + "--faults");
        }
        if (dr && (days > 1 || seeds != null || faults || serve)) {
            throw new UsageException("demo: --dr loses the primary site under one plain day; it goes with neither "
                    + "--days, --seeds, --faults nor --serve");
        }
        if (seeds != null) {
            List<Long> list = Sweep.seeds(seeds);
            if (serve || pcsc || this.seed != null) {
                throw new UsageException("demo: --seeds runs many days in the JVM's simulated readers; it goes with "
                        + "neither --seed, --serve nor --pcsc");
            }
            return new Sweep(out, env, outDir).run(list, cards, taps, faults);
        }
        try (CardField.Supply fields = pcsc ? PcscField.open() : CardField.inJvm()) {
            Map<String, String> childEnv = days == 1 ? env : CardLife.centreEnvironment(env, outDir);
            Services services = dr ? Services.onSites(outDir, childEnv, Sites.Loss.CLEARING, false)
                    : Services.fresh(outDir, childEnv);
            Trust trust = Trust.create(outDir.resolve("pki"), IssueStage.password(env));
            Options options = new Options(cards, taps, seed, outDir, new Faults(seed, faults), serve, port, true,
                    trust);
            if (days > 1) {
                if (!days(options, days, fields, services)) {
                    return Cli.FAILED;
                }
                if (serve) {
                    serve(services, outDir, port, seed);
                }
                return Cli.OK;
            }
            try (services) {
                Outcome day = day(options, fields, services);
                return day.firstBroken() == null ? Cli.OK : Cli.FAILED;
            }
        }
    }

    /**
     * Days one after another on the same cards, terminals and databases, the last today, with the centre's settlement
     * service up for the counters: whether every day kept every promise. The first day that broke one ends the run.
     */
    private boolean days(Options o, int days, CardField.Supply fields, Services services) throws Exception {
        LocalDate first = LocalDate.now(Day.ZONE).minusDays(days - 1);
        out.printf("%d business days in the delta, %s to %s, on the same cards and databases%n", days, first,
                first.plusDays(days - 1));
        try (CardLife life = CardLife.start(services, o.outDir(), o.seed(), first, days, out)) {
            Day day = new Day(o, out, env, fields, services, first, life);
            for (int n = 1; ; n++) {
                out.printf("%nday %d of %d%n", n, days);
                Invariants held = run(day);
                if (held.broken()) {
                    out.println("day " + n + " broke a promise: " + held.firstBroken());
                    return false;
                }
                if (n == days) {
                    break;
                }
                day = new Day(day);
            }
            out.println();
            out.println(life.story());
            out.printf("%d days, every promise held%n", days);
            return true;
        }
    }

    /** The day as the command line asked for it; {@code reports} false in a sweep (the invariants are its point). */
    record Options(int cards, int taps, long seed, Path outDir, Faults faults, boolean serve, int port,
            boolean reports, Trust trust) {
    }

    /**
     * How a day ended: its date, the first invariant that broke (null when all held), the time each stage took, and
     * the night's (clearing and settlement, reruns included).
     */
    record Outcome(LocalDate date, String firstBroken, String stageTimes, long nightMillis) {
    }

    /** Runs one day through its stages, each over the same {@link Day}, and says how it ended. */
    Outcome day(Options o, CardField.Supply fields, Services services) throws Exception {
        Day day = new Day(o, out, env, fields, services, LocalDate.now(Day.ZONE), null);
        Invariants check = run(day);
        if (o.reports()) {
            out.println("the day's reports: " + o.outDir().resolve("reports/" + day.date + "/region.html")
                    + " (and region.pdf, cities/)");
        }
        out.println("everything is under " + o.outDir() + " (day files in inbox/, clearing results in outbox/, "
                + "the services' logs in logs/)");
        if (o.serve() && !check.broken()) {
            serve(services, o.outDir(), o.port(), o.seed());
        }
        return new Outcome(day.date, check.firstBroken(), day.stages.times(),
                day.stages.millis("clear") + day.stages.millis("settle"));
    }

    /** Runs the day's stages, each over the same {@link Day}, and says which promises held. */
    private Invariants run(Day day) throws Exception {
        Options o = day.options;
        out.printf("a %sday in the delta: %s, %,d cards, %,d taps, seed %d, everything under %s%n",
                day.faults.on() ? "faulty " : "", day.date, o.cards(), o.taps(), o.seed(), o.outDir());
        CheckStage check = new CheckStage();
        List<Day.Stage> stages = new java.util.ArrayList<>(List.of(new IssueStage()));
        if (day.life != null) {
            stages.add(day.life);
        }
        stages.addAll(List.of(new RideStage(), new ExportStage(), new ClearStage(), new SettleStage(),
                new ReconcileStage(), new NextNightStage(), new ReportStage(), check));
        for (Day.Stage stage : stages) {
            stage.run(day);
        }
        day.stages.print();
        return check.invariants();
    }

    /** Keeps the settlement web app running on the demo's database, with a regional officer to log in as. */
    private void serve(Services services, Path outDir, int port, long seed) throws Exception {
        String password = "delta-" + Long.toHexString(new Random(seed).nextLong() & 0xffffffffL);
        Path keystore = outDir.resolve("keys/settlement.p12");
        services.run("settlement", SettleStage.COMMAND, "keystore", "--out", keystore.toString());
        services.runWithInput(password + "\n", "settlement", SettleStage.COMMAND, "user",
                "--name", "region", "--role", "REGION");
        out.println();
        out.println("finance pages: http://127.0.0.1:" + port + "/  (log in as region / " + password
                + "); Ctrl-C stops the service");
        services.foreground("settlement", SettleStage.COMMAND, "serve", "--port",
                Integer.toString(port), "--keystore", keystore.toString());
    }
}
