package cn.yrd.onecard.terminal.gate;

import cn.yrd.onecard.card.MetroState;
import cn.yrd.onecard.card.PublicInfo;
import cn.yrd.onecard.terminal.card.PurseCard;
import cn.yrd.onecard.terminal.card.SamModule;
import cn.yrd.onecard.terminal.fare.FareQuote;
import cn.yrd.onecard.terminal.fare.Ride;
import cn.yrd.onecard.record.TransitRecord;
import java.time.LocalDateTime;

/** The state of one tap, passed from participant to participant: the steps keep none of their own. */
final class TapContext {
    final PurseCard card;
    final SamModule sam;
    final Ride ride;
    final LocalDateTime now;

    PublicInfo info;
    boolean blocked;
    MetroState metro;
    FareQuote quote;
    long balanceAfter;
    TransitRecord record;
    /** Set when a step decides the tap: open (true) or refused (false). */
    Boolean open;
    String reason;

    TapContext(PurseCard card, SamModule sam, Ride ride, LocalDateTime now) {
        this.card = card;
        this.sam = sam;
        this.ride = ride;
        this.now = now;
    }

    void refuse(String why) {
        open = false;
        reason = why;
    }

    void openWith(String why) {
        open = true;
        reason = why;
    }

    boolean decided() {
        return open != null;
    }
}
