package cn.yrd.onecard.demo.day;

/** Settlement of the night, as its own service; killed mid-transaction on some faulty days, then run again. */
final class SettleStage implements Day.Stage {
    static final String COMMAND = "cn.yrd.onecard.settlement.cli.SettleCommand";

    @Override
    public void run(Day day) throws Exception {
        Faults faults = day.faults;
        String[] settleDay = dayArgs(day, day.date);
        // Killed while it posts the day: its one transaction must leave nothing, and the same command settles it.
        String posting = "SELECT COUNT(*) FROM net_position WHERE business_date = '" + day.date + "'";
        boolean killed = faults.killsSettlement() && day.services.runKilledMidTransaction(
                faults.settlementKillAfter(), Services.Collateral.NONE, posting, "settlement", COMMAND, settleDay);
        Sites sites = day.services.sites();
        if (sites != null && sites.loss == Sites.Loss.SETTLEMENT) {
            // The primary's site lost while settlement posts the day in its one transaction.
            if (!day.services.runKilledMidTransaction(Sites.SETTLEMENT_LOSS_MS, sites::losePrimary, posting,
                    "settlement", COMMAND, settleDay)) {
                throw new IllegalStateException("settlement posted the day before the primary could be lost");
            }
            day.services.pointAt(sites.promote(Services.DEMO));
        }
        long leftCommitted = day.services.count("settlement",
                "SELECT COUNT(*) FROM journal_entry WHERE business_date = '" + day.date + "'");
        day.settlement = day.services.run("settlement", COMMAND, settleDay);
        if (sites != null && sites.loss == Sites.Loss.SETTLEMENT) {
            sites.recovered();
        }
        if (faults.killsSettlement()) {
            faults.settlementKilled(killed, leftCommitted, day.settlement);
        }
        succeeded(day.settlement, "settlement");
        day.stages.done("settle", day.settlement.line("the 16 positions sum to"));
    }

    /** {@code settle day} of {@code date}: the bank's instructions signed with the centre's key. */
    static String[] dayArgs(Day day, java.time.LocalDate date) {
        return dayArgs(day.outbox, day.options.trust(), date);
    }

    /** {@code settle day} of {@code date} from the clearing files in {@code outbox}, signed as {@code trust}'s centre. */
    static String[] dayArgs(java.nio.file.Path outbox, Trust trust, java.time.LocalDate date) {
        return new String[] {"day", "--date", date.toString(), "--outbox", outbox.toString(), "--pki",
            trust.dir().toString(), "--sign-with", trust.centreKey("settlement").toString()};
    }

    /** A settlement command that succeeded, or an exception naming it. */
    static void succeeded(Services.Run run, String which) {
        if (run.exit() != 0) {
            throw new IllegalStateException(which + " failed (exit " + run.exit() + "): " + run.lastLine());
        }
    }
}
