-- A lost card's money refunded to the holder's bank account (docs/settlement.md, "A lost card's money"): the card's
-- issuer pays it from its own account at the settlement bank, instructed in the next settled day's instruction file
-- and matched, as every transfer is, against the bank's confirmation. A cash refund keeps bank_account NULL.
ALTER TABLE card_case ADD COLUMN bank_account VARCHAR(19) NULL;
ALTER TABLE card_case ADD COLUMN refund_reference VARCHAR(32) NULL;  -- RFD-<day>-<issuer>-<n>, once instructed

-- A refund line is the issuer's transfer to a holder's account: several a day for one city, so a day no longer has
-- one instruction per city; the reference (STL-<day>-<city>, RFD-<day>-<city>-<n>) stays the key.
ALTER TABLE settlement_instruction ADD COLUMN payee_account VARCHAR(19) NULL;
ALTER TABLE settlement_instruction DROP INDEX uk_instruction_day_city;
ALTER TABLE settlement_instruction ADD KEY ix_instruction_day (business_date);
