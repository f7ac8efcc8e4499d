package cn.yrd.onecard.terminal.fare;

import cn.yrd.onecard.card.MetroState;

/**
 * What a tap costs, which rule decided it (the {@code fare_rule} of the transaction record), and the card's
 * 0x1A record after the tap.
 */
public record FareQuote(long amount, String rule, MetroState next) {
}
