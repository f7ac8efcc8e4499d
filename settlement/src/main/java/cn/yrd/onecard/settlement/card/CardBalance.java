package cn.yrd.onecard.settlement.card;

import java.time.LocalDateTime;

/** A card's shadow balance: its balance after the last cleared record that carried one, in fen. */
public record CardBalance(String card, String issuerCity, long balance, LocalDateTime lastTxnTime) {
}
