package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.record.MedicalCare;
import cn.yrd.onecard.card.SocialSecurityCard;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.privacy.Mask;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.terminal.counter.Counter;
import cn.yrd.onecard.terminal.medical.MedicalPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The first day's evening at the counters, as the home cities decide it (issue 19): a retiree whose certification
 * lapsed is refused her pension where she lives, proves being alive there, and is paid at once with the months
 * missed; a hospital cancels a bill it claimed, and the patient's year is given back; a patient's bills reach the
 * annual cap of the home city's fund, and the fund pays no more. Drawn without the day's chance: the cards are the
 * first citizens still in their holders' hands.
 */
final class HomeCityStory {
    private static final MedicalCare WARD = new MedicalCare(MedicalCare.Level.ONE,
            MedicalCare.Kind.INPATIENT);
    private final Day day;
    private final List<CardOs> citizens;
    private final List<String> told = new ArrayList<>();

    HomeCityStory(Day day, List<CardOs> citizens) {
        this.day = day;
        this.citizens = citizens.stream().filter(c -> !day.outOfHand.contains(c)
                && (day.lost == null || c != day.lost.card())).toList();
    }

    /** The story, one line an event; nothing on a day with fewer than three citizens. */
    List<String> tell() throws Exception {
        java.time.LocalDate today = java.time.LocalDate.now(day.clock);
        CardOs retiree = citizens.stream().filter(c -> day.desks.homes().stillLapsed(card(c), today)).findFirst()
                .orElse(null);
        List<CardOs> patients = citizens.stream().filter(c -> c != retiree).limit(2).toList();
        if (retiree == null || patients.size() < 2) {
            return told;
        }
        lapsedRetiree(retiree);
        reversedClaim(patients.get(0));
        annualCap(patients.get(1));
        return told;
    }

    private void lapsedRetiree(CardOs card) throws Exception {
        SocialSecurityCard ss = card(card);
        City lives = neighbour(ss.homeCity(), -1);
        String pin = pin(card);
        Counter.Outcome<PensionPayout> refused = RideStage.again(day.faults, () -> day.desks.payout(lives, card, pin));
        Counter.Outcome<PensionPayout> proof = RideStage.again(day.faults, () -> day.desks.proofOfLife(lives, card,
                pin));
        Counter.Outcome<PensionPayout> paid = RideStage.again(day.faults, () -> day.desks.payout(lives, card, pin));
        count(refused);
        count(proof);
        count(paid);
        told.add("pension: retiree " + Mask.serial(ss.cardNumber()) + " of " + ss.homeCity() + " in " + lives
                + (refused.done() ? " paid before any proof of life (a lapsed pension must not be)" : ": refused ("
                        + refused.refused() + ")") + "; proof of life " + (proof.done() ? proof.record().payoutId()
                                : "refused: " + proof.refused()) + "; " + (paid.done() ? "paid "
                                        + Fen.asYuan(paid.record().amount()) + " yuan at once, the months missed "
                                        + "included (" + paid.record().payoutId() + ")" : "not paid: " + paid.refused()));
    }

    private void reversedClaim(CardOs card) throws Exception {
        SocialSecurityCard ss = card(card);
        City away = neighbour(ss.homeCity(), 1);
        Counter.Outcome<MedicalClaim> claim = RideStage.again(day.faults, () -> day.desks.claim(away, card, pin(card),
                120_000, new MedicalCare(MedicalCare.Level.TWO, MedicalCare.Kind.OUTPATIENT)));
        if (!claim.done()) {
            told.add("medical: a bill to cancel was refused: " + claim.refused());
            return;
        }
        day.tally.claims++;
        Counter.Outcome<MedicalClaim> reversal = day.desks.reverse(away, claim.record().claimId());
        if (reversal.done()) {
            day.tally.reversals++;
        }
        told.add("medical: " + away + "'s hospital cancelled claim " + claim.record().claimId() + " of "
                + Mask.serial(ss.cardNumber()) + " (" + ss.homeCity() + " had paid "
                + Fen.asYuan(claim.record().fundPaid()) + "): " + (reversal.done() ? "reversing claim "
                        + reversal.record().claimId() + ", the year given back" : "refused: " + reversal.refused()));
    }

    private void annualCap(CardOs card) throws Exception {
        SocialSecurityCard ss = card(card);
        City away = neighbour(ss.homeCity(), 1);
        long fundBefore = day.desks.homes().medical().get(ss.homeCity()).year(ss.cardNumber()).fundPaid();
        Counter.Outcome<MedicalClaim> last = null;
        for (int bill = 0; bill < 4 && fundPaid(ss) < HomeHosts.ANNUAL_CAP; bill++) {
            last = RideStage.again(day.faults, () -> day.desks.claim(away, card, pin(card), 800_000, WARD));
            if (!last.done()) {
                break;
            }
            day.tally.claims++;
        }
        told.add("medical: patient " + Mask.serial(ss.cardNumber()) + " of " + ss.homeCity() + ", bills of "
                + Fen.asYuan(800_000) + " yuan in a ward in " + away + ": " + (fundPaid(ss) >= HomeHosts.ANNUAL_CAP
                        ? "the fund's annual cap of " + Fen.asYuan(HomeHosts.ANNUAL_CAP) + " yuan reached ("
                                + Fen.asYuan(fundPaid(ss) - fundBefore) + " paid by the fund today); the last bill's "
                                + Fen.asYuan(last.record().selfPaid()) + " the patient's"
                        : "the cap not reached (" + (last == null || last.done() ? "" : last.refused()) + ")"));
    }

    private long fundPaid(SocialSecurityCard ss) {
        return day.desks.homes().medical().get(ss.homeCity()).year(ss.cardNumber()).fundPaid();
    }

    private void count(Counter.Outcome<PensionPayout> o) {
        if (o.done()) {
            if (o.record().kind() == PensionPayout.Kind.PAYOUT) {
                day.tally.payouts++;
            } else {
                day.tally.proofs++;
            }
        }
    }

    private SocialSecurityCard card(CardOs card) {
        return day.specs.get(card).citizen().card();
    }

    private String pin(CardOs card) {
        return day.specs.get(card).citizen().pin();
    }

    private static City neighbour(City city, int step) {
        List<City> cities = Cities.all();
        return cities.get(Math.floorMod(cities.indexOf(city) + step, cities.size()));
    }
}
