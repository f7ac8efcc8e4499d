package cn.yrd.onecard.demo.day;

import java.util.ArrayList;
import java.util.List;

/**
 * The night's clearing, run as the separate service it is. The faulty day's costly faults, drawn by the seed: killed
 * mid-job, cut off from its database mid-job; each time the same command runs again, and the night must come out
 * the same.
 */
final class ClearStage implements Day.Stage {
    static final String COMMAND = "cn.yrd.onecard.clearing.cli.ClearingCommand";

    @Override
    public void run(Day day) throws Exception {
        Faults faults = day.faults;
        day.outbox = day.outDir().resolve("outbox");
        day.nightArgs = new ArrayList<>(List.of("--inbox", day.inbox.toString(), "--outbox", day.outbox.toString(),
                "--keystore", day.keysFile.toString(), "--hotlist", day.hotlist.toString(), "--terminals",
                day.terminalsFile.toString(), "--merchants", day.merchantsDir.toString(), "--pki", day.options.trust().dir().toString(), "--sign-with",
                day.options.trust().centreKey("clearing").toString()));
        List<String> args = new ArrayList<>(List.of("--date", day.date.toString()));
        args.addAll(day.nightArgs);
        if (day.held != null) {
            args.addAll(List.of("--close-without", day.heldSender));
        }
        String[] night = args.toArray(String[]::new);
        Sites sites = day.services.sites();
        if (sites != null) {
            sites.watchLag();
            if (sites.loss == Sites.Loss.CLEARING) {
                loseThePrimary(day, sites, night);
            }
        }
        boolean killed = faults.killsClearing()
                && day.services.runKilled(faults.clearingKillAfter(), "clearing", COMMAND, night);
        Services.Dropped dropped = faults.cutsDatabase()
                ? day.services.runDroppingDatabase(faults.databaseDropAfter(), "clearing", COMMAND, night) : null;
        day.clearing = day.services.run("clearing", COMMAND, night);
        if (sites != null) {
            sites.stopWatchingLag();
            if (sites.loss == Sites.Loss.CLEARING) {
                sites.recovered();
            }
        }
        if (faults.killsClearing()) {
            faults.clearingKilled(killed, (dropped != null ? dropped.run() : day.clearing).output());
        }
        if (dropped != null) {
            faults.databaseDropped(dropped);
        }
        cleared(day.clearing, "clearing");
        day.stages.done("clear", day.clearing.summary());
    }

    /**
     * The primary's site lost {@link Sites#CLEARING_LOSS_MS} into the clearing job (its database server and the
     * clearing on it killed), the standby promoted and the services pointed at it; the same command then runs there.
     */
    private static void loseThePrimary(Day day, Sites sites, String[] night) throws Exception {
        if (!day.services.runKilled(Sites.CLEARING_LOSS_MS, sites::losePrimary, "clearing", COMMAND, night)) {
            throw new IllegalStateException("clearing ended within " + Sites.CLEARING_LOSS_MS + " ms of its job's "
                    + "start: the primary was not lost mid-clearing");
        }
        day.services.pointAt(sites.promote(Services.DEMO));
    }

    /** A clearing that ended with a day cleared (exit 0, or 3 with records in suspense), or an exception naming it. */
    static void cleared(Services.Run run, String which) {
        if (run.exit() != 0 && run.exit() != 3) {
            throw new IllegalStateException(which + " failed (exit " + run.exit() + "): " + run.lastLine());
        }
    }
}
