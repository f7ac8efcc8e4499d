package cn.yrd.onecard.demo.day;

/** The day's reports for finance staff: HTML, PDF and CSV (not in a sweep, whose point is the invariants). */
final class ReportStage implements Day.Stage {
    @Override
    public void run(Day day) throws Exception {
        if (!day.options.reports()) {
            return;
        }
        Services.Run report = day.services.run("settlement", SettleStage.COMMAND, "report", "--date",
                day.date.toString(), "--out", day.outDir().resolve("reports").toString());
        SettleStage.succeeded(report, "the reports");
        day.stages.done("report", "HTML, PDF and CSV in " + day.outDir().relativize(day.outDir().resolve("reports/"
                + day.date)));
    }
}
