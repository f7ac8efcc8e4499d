package cn.yrd.onecard.demo.day;

/** The centre's bank executes the instructions and confirms them; settlement reconciles (some days twice). */
final class ReconcileStage implements Day.Stage {
    @Override
    public void run(Day day) throws Exception {
        day.bank = Bank.confirm(day.outbox.resolve(day.date + "/settlement-instructions.txt"),
                day.outDir().resolve("bank"), day.faults.bankFaults());
        String[] reconcile = {"reconcile", "--date", day.date.toString(), "--bank", day.bank.toString()};
        day.reconcile = day.services.run("settlement", SettleStage.COMMAND, reconcile);
        day.stages.done("reconcile", day.reconcile.line("bank confirmation"));
        if (day.faults.confirmsTwice()) {
            day.services.run("settlement", SettleStage.COMMAND, reconcile);
        }
    }
}
