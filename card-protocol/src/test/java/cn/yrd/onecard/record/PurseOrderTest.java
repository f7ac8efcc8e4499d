package cn.yrd.onecard.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A card's records in the order the card made them, whatever the terminals' clocks said. */
class PurseOrderTest {
    private static PurseOrder.Step purchase(int atc, long before, long amount, long time) {
        return new PurseOrder.Step(false, atc, before, before - amount, time);
    }

    private static PurseOrder.Step load(int atc, long before, long amount, long time) {
        return new PurseOrder.Step(true, atc, before, before + amount, time);
    }

    @Test
    void aRideOnABusWhoseClockIsHoursBehindStaysWhereTheCountersPutIt() {
        PurseOrder.Step first = purchase(1, 1000, 200, 8_00);
        PurseOrder.Step late = purchase(2, 800, 200, 5_01); // its validator's clock is three hours behind
        PurseOrder.Step third = purchase(3, 600, 200, 8_02);
        assertThat(PurseOrder.of(List.of(third, late, first), s -> s)).containsExactly(first, late, third);
    }

    @Test
    void aTopUpGoesWhereTheBalanceSaysEvenWhenAClockDisagrees() {
        PurseOrder.Step firstRide = purchase(6, 350, 200, 9_00);
        PurseOrder.Step topUp = load(3, 150, 5000, 9_30);
        PurseOrder.Step secondRide = purchase(7, 5150, 200, 0); // its validator's clock is hours behind
        assertThat(PurseOrder.of(List.of(secondRide, topUp, firstRide), s -> s)).containsExactly(firstRide, topUp,
                secondRide);
    }

    /**
     * A day whose first record is a top-up and the ride it paid for, in the same second: the ride starts where the
     * top-up left the card (found by the demo's third day, whose card started short: its balance had been taken
     * from the top-up, every ride after it forgotten).
     */
    @Test
    void aDayThatStartsWithATopUpAndItsRideInOneSecondPutsTheTopUpFirst() {
        PurseOrder.Step topUp = load(0, 176, 5000, 9_38);
        PurseOrder.Step paidFor = purchase(35, 5176, 200, 9_38);
        PurseOrder.Step later = purchase(36, 4976, 200, 10_07);
        assertThat(PurseOrder.of(List.of(paidFor, later, topUp), s -> s)).containsExactly(topUp, paidFor, later);
    }

    /**
     * A card issued with 51.38 rides 25 times and tops up 50.00: its first ride starts where the top-up ends, which says
     * nothing of their order (the demo's second day: clearing had put the top-up first and suspended the ride after it).
     */
    @Test
    void aFirstRideThatStartsWhereALaterTopUpEndsStaysFirst() {
        PurseOrder.Step first = purchase(0, 5138, 200, 6_26);
        PurseOrder.Step last = purchase(24, 338, 200, 20_01);
        PurseOrder.Step topUp = load(0, 138, 5000, 20_31);
        PurseOrder.Step paidFor = purchase(25, 5138, 200, 20_31);
        assertThat(PurseOrder.of(List.of(paidFor, topUp, last, first), s -> s)).containsExactly(first, last, topUp,
                paidFor);
    }

    /**
     * A ride missing (its bus's file held back a night), then a top-up, then rides on a bus whose clock is an hour
     * behind, stamped before the top-up: the rides continue from the top-up, so they follow it (seed 96 of the faulty
     * day: settlement took the card's balance from the top-up, twelve rides after it forgotten).
     */
    @Test
    void pastAGapTheRidesATopUpPaidForFollowItWhateverTheirClockSays() {
        PurseOrder.Step known = purchase(1, 767, 200, 7_15);
        PurseOrder.Step topUp = load(0, 167, 5000, 13_42); // the ride from 367 to 167 is missing
        PurseOrder.Step late = purchase(4, 5167, 200, 12_26); // its bus's clock is 76 minutes behind
        PurseOrder.Step next = purchase(5, 4967, 200, 12_30);
        assertThat(PurseOrder.of(List.of(next, late, topUp, known), s -> s, 767)).containsExactly(known, topUp, late,
                next);
    }

    @Test
    void whenTheBalancesDoNotTellTimeDoes() {
        PurseOrder.Step freeRide = purchase(4, 500, 0, 10_00);
        PurseOrder.Step topUp = load(9, 500, 0, 9_00);
        assertThat(PurseOrder.of(List.of(freeRide, topUp), s -> s)).containsExactly(topUp, freeRide);
    }
}
