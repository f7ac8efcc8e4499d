package cn.yrd.onecard.settlement.card;

import java.time.LocalDateTime;

/** A cleared transaction of a card, as citizens see it: when, what, where, how much, what was left. */
public record CardTransaction(LocalDateTime txnTime, String txnType, String acquirerCity, long amount,
        Long balanceAfter) {
}
