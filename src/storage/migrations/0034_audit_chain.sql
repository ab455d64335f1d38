-- The audit log's hash chain (storage/audit_chain.hpp, docs/operations.md): each record's
-- BLAKE2b-256 hash of its fields and of the record before it, as 64 hex digits. The records
-- kept from before this migration are chained in the same transaction, by the migration
-- runner (sql::ChainAuditRecordsOnce): a hash missing later is reported by `audit verify`,
-- never made again.
ALTER TABLE audit_log ADD COLUMN chain_hash TEXT;
