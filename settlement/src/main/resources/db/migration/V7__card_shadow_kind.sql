-- Whether the record that set a card's shadow balance was a load (an online counter) or a purchase (an offline
-- counter): a record of the same kind is later when its counter is, whatever the clocks say. Comparing times first
-- let a ride held back a night (a correct clock) overwrite a later ride of a validator whose clock was hours behind
-- (the demo's seed 27). Rows from before this say nothing (NULL): their next record is compared by time, as before.
ALTER TABLE card_shadow ADD COLUMN last_load BOOLEAN NULL;
