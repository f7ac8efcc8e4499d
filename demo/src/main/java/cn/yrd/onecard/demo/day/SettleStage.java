package cn.yrd.onecard.demo.day;

/** Settlement of the night, as its own service; killed mid-transaction on some faulty days, then run again. */
final class SettleStage implements Day.Stage {
    static final String COMMAND = "cn.yrd.onecard.settlement.cli.SettleCommand";

    @Override
    public void run(Day day) throws Exception {
        Faults faults = day.faults;
        String[] settleDay = dayArgs(day, day.date);
        // Killed while it posts the day: its one transaction must leave nothing, and the same command settles it.
        boolean killed = faults.killsSettlement() && day.services.runKilledMidTransaction(
                faults.settlementKillAfter(), "SELECT COUNT(*) FROM net_position WHERE business_date = '" + day.date
                        + "'", "settlement", COMMAND, settleDay);
        long leftCommitted = day.services.count("settlement",
                "SELECT COUNT(*) FROM journal_entry WHERE business_date = '" + day.date + "'");
        day.settlement = day.services.run("settlement", COMMAND, settleDay);
        if (faults.killsSettlement()) {
            faults.settlementKilled(killed, leftCommitted, day.settlement);
        }
        succeeded(day.settlement, "settlement");
        day.stages.done("settle", day.settlement.line("the 16 positions sum to"));
    }

    /** {@code settle day} of {@code date}: the bank's instructions signed with the centre's key. */
    static String[] dayArgs(Day day, java.time.LocalDate date) {
        return new String[] {"day", "--date", date.toString(), "--outbox", day.outbox.toString(), "--pki",
            day.options.trust().dir().toString(), "--sign-with", day.options.trust().centreKey("settlement").toString()};
    }

    /** A settlement command that succeeded, or an exception naming it. */
    static void succeeded(Services.Run run, String which) {
        if (run.exit() != 0) {
            throw new IllegalStateException(which + " failed (exit " + run.exit() + "): " + run.lastLine());
        }
    }
}
