package cn.yrd.onecard.settlement.card;

import java.time.LocalDateTime;

/** A card's shadow balance: its balance after the last cleared record that carried one, in fen. */
public record CardBalance(String card, String issuerCity, long balance, LocalDateTime lastTxnTime, String status) {

    /**
     * What the card is now, from its hotlist listing ({@code reason} and {@code listedFrom}; none: {@code active}):
     * {@code reported lost at 2026-12-04T12:00}, {@code refunded at …}.
     */
    public static String status(String reason, LocalDateTime listedFrom) {
        if (reason == null) {
            return "active";
        }
        String what = switch (reason) {
            case "REFUNDED" -> "refunded";
            default -> "reported " + reason.toLowerCase(java.util.Locale.ROOT);
        };
        return what + " at " + listedFrom;
    }
}
