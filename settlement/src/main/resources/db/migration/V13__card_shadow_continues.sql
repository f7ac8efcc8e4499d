-- The balance the card stood at before the record that set its shadow balance. Between a load and a purchase, whose
-- counters say nothing of each other, a record that starts where the shadow's balance stands is the later one, whatever
-- the clocks say: a ride held back a night by a validator whose clock was hours behind, made after a top-up, was
-- stamped before it and left the card at the top-up's balance (the demo's seed 183). Rows from before this say nothing
-- (NULL): their next record is compared as before.
ALTER TABLE card_shadow ADD COLUMN last_balance_before BIGINT NULL;
