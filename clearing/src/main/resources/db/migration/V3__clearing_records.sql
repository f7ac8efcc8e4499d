-- What clearing made of each record of each day file: accepted, or parked in suspense with a reason code
-- (docs/clearing.md). One row per (file, line): rerunning a file inserts nothing twice. Duplicates, counter
-- gaps and balance chains are decided over these rows after all files are loaded, so the same answer comes
-- whatever order parallel loading took.
CREATE TABLE IF NOT EXISTS clearing_record (
    file_id        BIGINT       NOT NULL,
    line_no        INT          NOT NULL,
    business_date  DATE         NOT NULL,
    business_line  VARCHAR(8)   NOT NULL,   -- TRANSIT, MEDICAL, PENSION
    card           VARCHAR(16)  NOT NULL,   -- card serial, or social security card number
    payer_city     CHAR(4)      NOT NULL,   -- who owes: the card's city for a ride, the kiosk's for a load,
                                            -- the insured person's home city for medical and pension
    payee_city     CHAR(4)      NOT NULL,   -- who is owed
    txn_type       CHAR(2)      NOT NULL,
    counter_kind   CHAR(1)      NOT NULL,   -- O offline ATC, N online ATC, - none
    counter        INT          NOT NULL,
    amount         BIGINT       NOT NULL,   -- fen that move between the cities (medical: the fund-paid part)
    file_amount    BIGINT       NOT NULL,   -- fen the file's trailer counted for this record
    balance_before BIGINT       NULL,
    balance_after  BIGINT       NULL,
    fee            BIGINT       NOT NULL,
    txn_time       DATETIME     NOT NULL,
    status         CHAR(1)      NOT NULL,   -- A accepted, S suspended
    reason         CHAR(3)      NULL,
    detail         VARCHAR(200) NULL,
    PRIMARY KEY (file_id, line_no),
    KEY ix_clearing_record_date (business_date, status, business_line),
    KEY ix_clearing_record_counter (card, counter_kind, counter, status),
    KEY ix_clearing_record_file_status (business_date, file_id, status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The day's totals per business line and (payer, payee), written by the job's last step.
CREATE TABLE IF NOT EXISTS clearing_total (
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
