package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.HelpOption;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./onecard dr drill} (issue 20, docs/recovery.md): the same business day three times, each on a fresh
 * replicated pair of {@code mariadbd} servers: undisturbed; with the primary's site lost mid-clearing; with it lost
 * mid-settlement (then the fail-back to the repaired site). Each disturbed night must lose nothing committed, finish
 * within {@link #NIGHT_TARGET} times the undisturbed one, and send files byte for byte those of the undisturbed
 * night. The replication lag under the clearing's load is printed. Exit 0 when every target held, 1 otherwise.
 */
@Command(name = "drill", description = "The failover drill: a day on a replicated pair, undisturbed, then with the "
        + "primary's site lost mid-clearing and mid-settlement; the fail-back; targets checked.")
public final class DrillCommand implements Callable<Integer> {
    /** The disturbed night's time may be at most this many times the undisturbed one's (issue 20). */
    static final int NIGHT_TARGET = 2;

    private final PrintStream out;
    private final Map<String, String> env;
    @Mixin
    HelpOption help;
    @Option(paramLabel = "N", names = "--cards", defaultValue = "200", description = "cards (default: ${DEFAULT-VALUE})")
    long cards;
    @Option(paramLabel = "N", names = "--taps", defaultValue = "2000", description = "taps (default: ${DEFAULT-VALUE})")
    long taps;
    @Option(paramLabel = "N", names = "--seed", defaultValue = "1", description = "the day's draw (default: "
            + "${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--out", defaultValue = "out-drill", paramLabel = "DIR", description = "the three rounds' folders "
            + "and logs (default: ./${DEFAULT-VALUE})")
    Path outArg;
    @Option(names = "--force", description = "promote a standby that has not applied all it received within "
            + Sites.APPLY_BOUND_MS / 1000 + " s of the loss (what it has not applied is lost)")
    boolean force;

    DrillCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    public static void main(String[] args) {
        Cli.exit(() -> Cli.execute(new DrillCommand(System.out, System.getenv()), args));
    }

    /** One night of the drill: where its primary was lost, how it went. */
    private record Round(Sites.Loss loss, Path dir, DemoCommand.Outcome outcome) {
    }

    @Override
    public Integer call() throws Exception {
        int cards = (int) Cli.range("dr drill", "cards", this.cards, 16, 200_000);
        int taps = (int) Cli.range("dr drill", "taps", this.taps, 1, 5_000_000);
        Path outDir = outArg.toAbsolutePath();
        Services.empty(outDir);
        out.printf("the failover drill: one day (%,d cards, %,d taps, seed %d) three times, each on a fresh pair of "
                + "mariadbd servers, site A the primary, site B its semi-synchronous standby; under %s%n", cards, taps,
                seed, outDir);
        List<String> failed = new ArrayList<>();
        List<Round> rounds = new ArrayList<>();
        try (CardField.Supply fields = CardField.inJvm()) {
            for (Sites.Loss loss : Sites.Loss.values()) {
                Round round = round(loss, outDir, cards, taps, fields, failed);
                rounds.add(round);
                if (round.outcome() == null) {
                    break;
                }
            }
        }
        Round undisturbed = rounds.get(0);
        for (Round r : rounds.subList(1, rounds.size())) {
            if (undisturbed.outcome() == null || r.outcome() == null) {
                continue;
            }
            long target = NIGHT_TARGET * undisturbed.outcome().nightMillis();
            boolean inTime = r.outcome().nightMillis() <= target;
            out.printf("night lost %-15s %5.1f s (undisturbed %.1f s; target <= %.1f s): %s%n", r.loss().where,
                    r.outcome().nightMillis() / 1000.0, undisturbed.outcome().nightMillis() / 1000.0, target / 1000.0,
                    inTime ? "met" : "MISSED");
            if (!inTime) {
                failed.add("the night lost " + r.loss().where + " took longer than " + NIGHT_TARGET + "x the "
                        + "undisturbed one");
            }
            List<String> differ = FolderComparison.differences(undisturbed.dir().resolve("outbox"),
                    r.dir().resolve("outbox"));
            out.printf("files sent, lost %-15s %s%n", r.loss().where, differ.isEmpty() ? "byte for byte those of the "
                    + "undisturbed night (signatures present; ECDSA signs afresh each time)" : "DIFFER: " + differ);
            if (!differ.isEmpty()) {
                failed.add("the files sent after the loss " + r.loss().where + " differ: " + differ.get(0));
            }
        }
        if (failed.isEmpty()) {
            out.println("the drill held: nothing committed lost, every night in time and the same, the fail-back done");
            return Cli.OK;
        }
        out.println("the drill FAILED: " + String.join("; ", failed));
        return Cli.FAILED;
    }

    /** One night on a fresh pair, its day's output in {@code <dir>.log}; its outcome null if the day stopped. */
    private Round round(Sites.Loss loss, Path outDir, int cards, int taps, CardField.Supply fields, List<String> failed)
            throws Exception {
        String name = loss == Sites.Loss.NONE ? "undisturbed" : loss.where;
        Path dir = outDir.resolve(name);
        Path log = outDir.resolve(name + ".log");
        try (PrintStream dayOut = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8);
                Services services = Services.onSites(dir, env, loss, force)) {
            Trust trust = Trust.create(dir.resolve("pki"), IssueStage.password(env));
            DemoCommand.Options o = new DemoCommand.Options(cards, taps, seed, dir, new Faults(seed, false), false, 0,
                    false, trust);
            DemoCommand.Outcome outcome;
            try {
                outcome = new DemoCommand(dayOut, env).day(o, fields, services);
            } catch (Exception e) {
                e.printStackTrace(dayOut);
                out.printf("%-15s the day stopped: %s (its log: %s)%n", name, e.getMessage(), log);
                failed.add("the night lost " + loss.where + " stopped");
                return new Round(loss, dir, null);
            }
            Sites sites = services.sites();
            out.printf("%n%s: night (clearing and settlement) %.1f s; %s%n", name, outcome.nightMillis() / 1000.0,
                    outcome.firstBroken() == null ? "every promise of the day held" : "BROKEN: " + outcome.firstBroken());
            sites.story().forEach(line -> out.println("  " + line));
            if (outcome.firstBroken() != null) {
                failed.add(name + ": " + outcome.firstBroken());
            }
            if (loss != Sites.Loss.NONE) {
                List<String> lost = sites.committedLost();
                out.printf("  recovery point (target: nothing committed lost): %s%n", lost == null ? "NOT CHECKED"
                        : lost.isEmpty() ? "nothing committed lost, met" : "MISSED: " + lost);
                if (lost == null || !lost.isEmpty()) {
                    failed.add("the recovery point " + loss.where + ": " + (lost == null ? "not checked" : lost));
                }
            }
            if (loss == Sites.Loss.SETTLEMENT) {
                failBack(services, sites, dir, trust, outcome, failed);
            }
            return new Round(loss, dir, outcome);
        }
    }

    /**
     * The fail-back drilled after the night: the lost site rebuilt from the primary and made primary again; the
     * services pointed back at it by their configuration; the day settled there again is found already closed.
     */
    private void failBack(Services services, Sites sites, Path dir, Trust trust, DemoCommand.Outcome outcome,
            List<String> failed) throws Exception {
        List<String> missing = sites.failBack(Services.DEMO + "_settlement");
        services.pointAt(sites.configuration(Services.DEMO));
        Services.Run again = services.run("settlement", SettleStage.COMMAND, SettleStage.dayArgs(dir.resolve("outbox"),
                trust, outcome.date()));
        boolean closed = again.exit() == 0 && again.output().contains("; nothing changed");
        out.printf("  fail-back: %s rebuilt from the primary and made primary again in %.1f s; %s; settling the day "
                + "there again: %s%n", sites.primarySite(), sites.failBackMs() / 1000.0, missing.isEmpty()
                        ? "it holds every settled day" : "MISSING " + missing, closed ? "already closed"
                                : "UNEXPECTED (exit " + again.exit() + "): " + again.lastLine());
        failed.addAll(missing);
        if (!closed) {
            failed.add("after the fail-back the settled day was not found closed on the repaired primary");
        }
    }
}
