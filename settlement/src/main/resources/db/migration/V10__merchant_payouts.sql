-- Merchant payouts (issue 18, docs/settlement.md "Merchants"): each acquiring city pays its merchants the day's
-- payments net of the merchant discount, one transfer a merchant from the city's account to the merchant's, in the
-- day's instruction file (direction MERCHANT, reference MPY-<day>-<merchant>) and matched against the bank's
-- confirmation like every transfer. A merchant's settlement account is 12 to 32 digits.
ALTER TABLE settlement_instruction MODIFY payee_account VARCHAR(32) NULL;

-- What each merchant was owed for a settled day: its statement (count, gross, discount, net).
CREATE TABLE IF NOT EXISTS merchant_payout (
    business_date DATE         NOT NULL,
    city          CHAR(4)      NOT NULL,   -- the acquirer
    merchant_id   CHAR(15)     NOT NULL,
    name          VARCHAR(40)  NOT NULL,
    payments      BIGINT       NOT NULL,
    gross         BIGINT       NOT NULL,
    discount      BIGINT       NOT NULL,
    net           BIGINT       NOT NULL,
    reference     VARCHAR(32)  NOT NULL,   -- the transfer's: MPY-<YYYYMMDD>-<merchant>
    PRIMARY KEY (business_date, merchant_id),
    KEY ix_merchant_payout_city (city, business_date)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
