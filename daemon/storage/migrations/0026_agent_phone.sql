-- Seed 003 registers agents with a phone number beside their names.
ALTER TABLE agents ADD COLUMN phone text;
