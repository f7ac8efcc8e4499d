-- Merchant payments (issue 18): the fourth business line, MERCHANT. A payment's merchant and the discount it costs
-- the merchant (its fee rate from the acquirer's register, the category's minimum and cap); the record's fee column
-- stays what the payer keeps back from the payee: the issuer's share of that discount.
ALTER TABLE clearing_record
    ADD COLUMN merchant_id  CHAR(15) NULL,
    ADD COLUMN merchant_fee BIGINT   NOT NULL DEFAULT 0;
