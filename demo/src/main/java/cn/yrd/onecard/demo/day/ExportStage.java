package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.terminal.journal.DayFileExport;
import cn.yrd.onecard.terminal.journal.Journal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every operator sends its day file to the clearing centre; the faulty day plants, truncates and holds back. */
final class ExportStage implements Day.Stage {
    @Override
    public void run(Day day) throws Exception {
        // Several days: a folder a day, so that each day's checks read that day's files.
        day.inbox = Files.createDirectories(day.life == null ? day.outDir().resolve("inbox")
                : day.outDir().resolve("inbox").resolve(day.date.toString()));
        day.purchases = new HashMap<>();
        List<Validator> all = new ArrayList<>(day.validators.values());
        day.metro.values().forEach(all::addAll);
        for (Validator v : all) {
            City city = v.gate().config().city();
            var trailer = DayFileExport.export(v.journal(), day.date, v.name(), city, 1,
                    day.inbox.resolve(v.name() + "-" + day.date.toString().replace("-", "") + "-1.txt"));
            day.exported += trailer.count();
            day.rides += trailer.count();
            for (TransitRecord t : v.journal().completed()) {
                if (t.time().toLocalDate().equals(day.date)) {
                    day.purchases.merge(t.cardSerial().digits(), t.amount(), Long::sum);
                }
            }
            if (!day.anotherDayFollows()) {
                v.journal().close();
            }
        }
        for (Map.Entry<City, List<Till>> acquirer : day.tills.entrySet()) {
            // Each city's card company sends its merchants' payments, its tills' journals together, in one MERCHANT
            // day file; the payments come off the cards like rides.
            List<Journal> journals = acquirer.getValue().stream().map(Till::journal).toList();
            String sender = Till.sender(acquirer.getKey());
            var trailer = DayFileExport.export(journals, day.date, sender, acquirer.getKey(), 1,
                    day.inbox.resolve(sender + "-" + day.date.toString().replace("-", "") + "-1.txt"));
            day.exported += trailer.count();
            day.payments += trailer.count();
            for (Journal journal : journals) {
                for (TransitRecord t : journal.completed()) {
                    if (t.time().toLocalDate().equals(day.date)) {
                        day.purchases.merge(t.cardSerial().digits(), t.amount(), Long::sum);
                    }
                }
                if (!day.anotherDayFollows()) {
                    journal.close();
                }
            }
        }
        for (TransitRecord t : day.desks.loads(day.date)) {
            day.purchases.merge(t.cardSerial().digits(), -t.amount(), Long::sum);
        }
        day.exported += day.desks.export(day.inbox, day.date);
        if (!day.anotherDayFollows()) {
            day.desks.close();
        }
        // Each sender signs what it sends; clearing takes in nothing else (clear --pki).
        day.options.trust().signBySenders(Trust.dayFiles(day.inbox));
        day.extra = day.faults.corruptInbox(day.inbox, day.date, day.options.trust());
        // A bus's file held back a night (some seeds): tonight closes without its sender, the next night clears it.
        day.held = day.faults.holdBack(day.inbox, day.outDir().resolve("late"));
        day.heldSender = day.held == null ? null : DayFileReader.readHeader(day.held).senderId();
        day.stages.done("export", String.format("%,d records in the operators' day files in %s, each signed by its "
                + "sender (%s)", day.exported, day.outDir().relativize(day.inbox), day.options.trust().describe(
                day.outDir())));
    }
}
