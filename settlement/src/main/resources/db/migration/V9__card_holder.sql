-- Who a card belongs to, as its issuing city registered it (docs/settlement.md, "Holders"): so that a counter of any
-- city can check the holder in front of it before listing their lost card. Never the PIN or the ID number itself:
-- each as PBKDF2-HMAC-SHA256 with the card's own salt, which the issuer computed. A citizen card has both, a transit
-- card registered to a name its holder's ID number only (an anonymous card is not here: only its issuer lists it).
CREATE TABLE IF NOT EXISTS card_holder (
    card          VARCHAR(16) NOT NULL,
    issuer_city   CHAR(4)     NOT NULL,
    kind          VARCHAR(8)  NOT NULL,   -- CITIZEN, NAMED
    salt          CHAR(32)    NOT NULL,   -- hex
    pin_check     CHAR(64)    NULL,       -- hex; a citizen card's
    id_check      CHAR(64)    NOT NULL,   -- hex
    failed_checks INT         NOT NULL DEFAULT 0,  -- wrong answers in a row: five, and only the issuer's counter lists it
    registered_on DATE        NOT NULL,
    PRIMARY KEY (card)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
