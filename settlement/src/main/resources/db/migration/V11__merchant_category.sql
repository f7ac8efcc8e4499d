-- A merchant's category on its payout (issue 18, the finance pages' merchants): volume and fee income by category
-- (RETAIL, TAXI, PARKING, FUEL, UTILITY), as clearing's merchants file states it. Days settled before it have none.
ALTER TABLE merchant_payout ADD COLUMN category VARCHAR(8) NULL AFTER name;
