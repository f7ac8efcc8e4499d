-- Settlement of the cities' cleared business (docs/settlement.md). Rerunnable over a half-applied copy of
-- itself (MySQL DDL is not transactional): IF NOT EXISTS everywhere, indexes inside their tables.

-- A business date settled once. Written last, in the transaction that posts the day: a day with this row is
-- closed and settling it again changes nothing.
CREATE TABLE IF NOT EXISTS settlement_day (
    business_date  DATE        NOT NULL,
    source_sha256  CHAR(64)    NOT NULL,   -- of the clearing result and detail files the day was settled from
    record_count   BIGINT      NOT NULL,   -- accepted records of the day
    gross          BIGINT      NOT NULL,   -- fen of cross-city business settled
    closed_at      DATETIME(3) NOT NULL,
    PRIMARY KEY (business_date)
) ENGINE = InnoDB;

-- The clearing totals the day was settled from, local business included (reported, not settled).
CREATE TABLE IF NOT EXISTS pair_total (
    business_date DATE       NOT NULL,
    business_line VARCHAR(8) NOT NULL,
    payer_city    CHAR(4)    NOT NULL,
    payee_city    CHAR(4)    NOT NULL,
    record_count  BIGINT     NOT NULL,
    gross         BIGINT     NOT NULL,
    fees          BIGINT     NOT NULL,
    net           BIGINT     NOT NULL,
    PRIMARY KEY (business_date, business_line, payer_city, payee_city)
) ENGINE = InnoDB;

-- One net position per city and day: what the city is owed (receivable) and owes (payable) across all
-- business lines; net = receivable - payable, positive for a net creditor. The 16 nets sum to zero.
CREATE TABLE IF NOT EXISTS net_position (
    business_date DATE    NOT NULL,
    city          CHAR(4) NOT NULL,
    receivable    BIGINT  NOT NULL,
    payable       BIGINT  NOT NULL,
    fee_income    BIGINT  NOT NULL,
    fee_expense   BIGINT  NOT NULL,
    net           BIGINT  NOT NULL,
    PRIMARY KEY (business_date, city)
) ENGINE = InnoDB;

-- Transfers through the regional settlement account: each net debtor pays the centre (PAY_IN), the centre
-- pays each net creditor (PAY_OUT). Confirmed by the bank's confirmation file.
CREATE TABLE IF NOT EXISTS settlement_instruction (
    reference     VARCHAR(32) NOT NULL,   -- STL-<YYYYMMDD>-<city>
    business_date DATE        NOT NULL,
    city          CHAR(4)     NOT NULL,
    direction     VARCHAR(8)  NOT NULL,   -- PAY_IN, PAY_OUT
    amount        BIGINT      NOT NULL,
    confirmed_at  DATETIME(3) NULL,
    bank_txn      VARCHAR(32) NULL,
    PRIMARY KEY (reference),
    UNIQUE KEY uk_instruction_day_city (business_date, city)
) ENGINE = InnoDB;

-- The double-entry ledger. Entries are immutable (triggers refuse UPDATE and DELETE); a correction is a new
-- entry. Every entry's debits equal its credits: checked by the code before posting and by the tests after.
CREATE TABLE IF NOT EXISTS journal_entry (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    business_date DATE         NOT NULL,
    kind          VARCHAR(16)  NOT NULL,   -- CLEARING, NETTING, BANK
    reference     VARCHAR(64)  NOT NULL,   -- what the entry is for; unique, so nothing is posted twice
    description   VARCHAR(200) NOT NULL,
    posted_at     DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_journal_entry_reference (reference),
    KEY ix_journal_entry_date (business_date, kind)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS journal_line (
    entry_id BIGINT      NOT NULL,
    line_no  INT         NOT NULL,
    account  VARCHAR(40) NOT NULL,   -- <city>.<kind>[.<business line>] or CENTRE.BANK
    debit    BIGINT      NOT NULL,
    credit   BIGINT      NOT NULL,
    PRIMARY KEY (entry_id, line_no),
    KEY ix_journal_line_account (account, entry_id),
    CONSTRAINT ck_journal_line_one_side CHECK (debit >= 0 AND credit >= 0 AND (debit = 0 OR credit = 0))
) ENGINE = InnoDB;

CREATE TRIGGER IF NOT EXISTS journal_entry_no_update BEFORE UPDATE ON journal_entry FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'journal entries are immutable: post a correcting entry';
CREATE TRIGGER IF NOT EXISTS journal_entry_no_delete BEFORE DELETE ON journal_entry FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'journal entries are immutable: post a correcting entry';
CREATE TRIGGER IF NOT EXISTS journal_line_no_update BEFORE UPDATE ON journal_line FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'journal lines are immutable: post a correcting entry';
CREATE TRIGGER IF NOT EXISTS journal_line_no_delete BEFORE DELETE ON journal_line FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'journal lines are immutable: post a correcting entry';

-- Breaks found by reconciliation, one row per finding, kept per run so a later file does not erase history.
CREATE TABLE IF NOT EXISTS reconciliation_break (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    business_date DATE         NOT NULL,
    source        VARCHAR(16)  NOT NULL,   -- BANK, or STATEMENT:<city>
    source_sha256 CHAR(64)     NOT NULL,
    kind          VARCHAR(16)  NOT NULL,   -- MISSING, UNEXPECTED, AMOUNT_DIFFERS, DUPLICATE, NOT_CLEARED, ...
    reference     VARCHAR(64)  NOT NULL,
    expected      BIGINT       NULL,
    actual        BIGINT       NULL,
    action        VARCHAR(200) NOT NULL,
    found_at      DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_break_once (business_date, source, source_sha256, kind, reference),
    KEY ix_break_date (business_date, source)
) ENGINE = InnoDB;

-- Each card's balance as of the last cleared record that carried one, and its cleared transactions.
CREATE TABLE IF NOT EXISTS card_shadow (
    card          VARCHAR(16) NOT NULL,
    issuer_city   CHAR(4)     NOT NULL,
    balance       BIGINT      NOT NULL,
    last_txn_time DATETIME    NOT NULL,
    last_counter  INT         NOT NULL,
    business_date DATE        NOT NULL,   -- the settlement day that last moved it
    PRIMARY KEY (card),
    KEY ix_card_shadow_issuer (issuer_city)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS card_txn (
    card          VARCHAR(16) NOT NULL,
    txn_time      DATETIME    NOT NULL,
    counter       INT         NOT NULL,
    txn_type      CHAR(2)     NOT NULL,
    business_line VARCHAR(8)  NOT NULL,
    acquirer_city CHAR(4)     NOT NULL,
    amount        BIGINT      NOT NULL,
    balance_after BIGINT      NULL,
    business_date DATE        NOT NULL,
    PRIMARY KEY (card, txn_time, counter, txn_type)
) ENGINE = InnoDB;
