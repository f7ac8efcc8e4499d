-- A lost card's money at the end of its life (docs/settlement.md, "A lost card's money"): refunded in cash at a
-- city's counter, or moved onto a replacement card that city issued. The card is the key: no card is decided twice.
-- A decision between two cities is posted when it is made and netted by the next settled day (as a release is).
CREATE TABLE IF NOT EXISTS card_case (
    card          VARCHAR(16) NOT NULL,
    issuer_city   CHAR(4)     NOT NULL,
    outcome       VARCHAR(8)  NOT NULL,   -- REFUNDED, REPLACED
    amount        BIGINT      NOT NULL,   -- fen: the card's balance after its last record cleared before its listing
    counter_city  CHAR(4)     NOT NULL,   -- where: it paid the cash out, or issued the new card (the new issuer)
    new_card      VARCHAR(16) NULL,
    decided_by    VARCHAR(64) NOT NULL,
    decided_at    DATETIME(3) NOT NULL,
    netted_on     DATE        NULL,
    request_key   VARCHAR(64) NULL,       -- the counter's idempotency key: its retry gets this decision back
    PRIMARY KEY (card),
    UNIQUE KEY uk_case_request (request_key),
    UNIQUE KEY uk_case_new_card (new_card),
    KEY ix_case_netted (netted_on)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
