package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.RecordFormats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/** The next night, when a file was held back: it arrives, and that night clears, settles and reconciles it. */
final class NextNightStage implements Day.Stage {
    @Override
    public void run(Day day) throws Exception {
        if (day.held == null) {
            return;
        }
        String next = day.next().toString();
        Path back = Trust.moveSigned(day.held, day.inbox.resolve(day.held.getFileName()));
        Files.setLastModifiedTime(back, FileTime.fromMillis(System.currentTimeMillis()));
        List<String> args = new ArrayList<>(List.of("--date", next));
        args.addAll(day.nightArgs);
        args.addAll(List.of("--deadline", "2000-01-01T00:00"));
        Services.Run clearing = day.services.run("clearing", ClearStage.COMMAND, args.toArray(String[]::new));
        ClearStage.cleared(clearing, "the next night's clearing");
        day.nextSettlement = day.services.run("settlement", SettleStage.COMMAND, SettleStage.dayArgs(day,
                day.next()));
        SettleStage.succeeded(day.nextSettlement, "the next night's settlement");
        day.nextBank = Bank.confirm(day.outbox.resolve(next + "/settlement-instructions.txt"),
                day.outDir().resolve("bank"), false);
        day.services.run("settlement", SettleStage.COMMAND, "reconcile", "--date", next, "--bank",
                day.nextBank.toString());
        day.faults.heldBack(back, day.heldSender, DayFileReader.read(back, RecordFormats.TRANSIT).records().size(),
                clearing.line("  late file").strip());
        day.stages.done("next night", clearing.line("  late file").strip());
    }
}
