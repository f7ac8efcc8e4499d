-- What clearing made of each record of each day file: accepted, or parked in suspense with a reason code
-- (docs/clearing.md). One row per (file, line): rerunning a file inserts nothing twice.
ALTER TABLE day_file ADD COLUMN loaded_at DATETIME(3) NULL;

CREATE TABLE clearing_record (
    file_id        BIGINT      NOT NULL,
    line_no        INT         NOT NULL,
    business_date  DATE        NOT NULL,
    business_line  VARCHAR(8)  NOT NULL,   -- TRANSIT, MEDICAL, PENSION
    card           VARCHAR(16) NOT NULL,   -- card serial, or social security card number
    payer_city     CHAR(4)     NOT NULL,   -- who owes: the card's city for a ride, the kiosk's for a load,
                                           -- the insured person's home city for medical and pension
    payee_city     CHAR(4)     NOT NULL,   -- who is owed
    txn_type       CHAR(2)     NOT NULL,
    counter        INT         NOT NULL,   -- the card's ATC (transit), 0 otherwise
    amount         BIGINT      NOT NULL,   -- fen that move between the cities (medical: the fund-paid part)
    file_amount    BIGINT      NOT NULL,   -- fen the file's trailer counted for this record
    fee            BIGINT      NOT NULL,
    txn_time       DATETIME    NOT NULL,
    status         CHAR(1)     NOT NULL,   -- A accepted, S suspended
    reason         CHAR(3)     NULL,
    detail         VARCHAR(200) NULL,
    PRIMARY KEY (file_id, line_no),
    KEY ix_clearing_record_date (business_date, status, business_line),
    KEY ix_clearing_record_card (card, txn_type, counter)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Each card transaction counter value that has been accepted once: the second is a duplicate.
CREATE TABLE card_counter_seen (
    card        VARCHAR(16) NOT NULL,
    counter_kind CHAR(1)    NOT NULL,      -- O offline (purchases), N online (loads)
    counter     INT         NOT NULL,
    file_id     BIGINT      NOT NULL,
    line_no     INT         NOT NULL,
    PRIMARY KEY (card, counter_kind, counter)
) ENGINE = InnoDB;

-- The day's totals per business line and (paying city, paid city), written by the job's last step.
CREATE TABLE clearing_total (
    business_date DATE        NOT NULL,
    business_line VARCHAR(8)  NOT NULL,
    payer_city    CHAR(4)     NOT NULL,
    payee_city    CHAR(4)     NOT NULL,
    record_count  BIGINT      NOT NULL,
    gross         BIGINT      NOT NULL,
    fees          BIGINT      NOT NULL,
    net           BIGINT      NOT NULL,
    PRIMARY KEY (business_date, business_line, payer_city, payee_city)
) ENGINE = InnoDB;
