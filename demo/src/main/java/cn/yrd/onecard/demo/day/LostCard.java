package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.hotlist.HotlistFile;
import cn.yrd.onecard.privacy.Mask;
import cn.yrd.onecard.sim.card.CardOs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The card lost at noon: its issuing city hotlists it (the regional list, docs/formats.md), its own validators
 * take the list at once and refuse it, a neighbouring city's bus still has the morning's list and lets it ride,
 * and clearing, reading the same list, suspends that ride (H01).
 */
final class LostCard {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private CardOs card;
    private final int reportedAt;
    private final int usedAt;
    private Path file;
    private String serial;
    private LocalDateTime listedAt;
    private String away = "";
    private boolean awayOpened;
    private String home = "";

    LostCard(int reportedAt, int usedAt) {
        this.reportedAt = reportedAt;
        this.usedAt = usedAt;
    }

    /** The card that is lost: one that was riding this morning. */
    void choose(CardOs rider) {
        this.card = rider;
    }

    CardOs card() {
        return card;
    }

    /** When its issuing city listed it. */
    LocalDateTime listedAt() {
        return listedAt;
    }

    int reportedAt() {
        return reportedAt;
    }

    int usedAt() {
        return usedAt;
    }

    /** The hotlist file; an empty list until the card is reported. */
    Path file() throws IOException {
        if (file == null) {
            throw new IllegalStateException("the card was never reported: the day had too few taps");
        }
        return file;
    }

    Path report(Path outDir, String serial, LocalDateTime at) throws IOException {
        this.serial = serial;
        this.listedAt = at;
        file = Files.writeString(outDir.resolve("hotlist.txt"), HotlistFile.assemble("H|HOTLIST|1|1|" + at.format(TIME),
                List.of("D|" + serial + "|LOST|" + at.format(TIME))));
        return file;
    }

    void tappedAway(City city, boolean opened, String reason) {
        awayOpened = opened;
        away = opened ? "rode in " + city.nameEn() + " (its bus had the morning's list)"
                : "was refused in " + city.nameEn() + " (" + reason + ")";
    }

    void tappedHome(boolean opened, String reason) {
        home = opened ? "rode at home" : "refused at home (" + reason + ")";
    }

    /**
     * The evening ride elsewhere, if the bus let it ride (a card short of the fare is refused there, and no record
     * is made), was suspended as H01; the home validator refused the card.
     */
    boolean caught(List<String> reasons) {
        return reasons.contains("H01") == awayOpened && home.startsWith("refused");
    }

    String story() {
        return "lost card " + Mask.serial(serial) + " hotlisted at " + listedAt.toLocalTime() + ": in the evening it "
                + away + ", then " + home;
    }
}
