-- Privacy settings are events now (PrivacySettingsChanged), read from their projection: one home each.
ALTER TABLE account DROP COLUMN read_receipts;
ALTER TABLE account DROP COLUMN last_seen;
ALTER TABLE account DROP COLUMN presence;
