-- The audit log's hash chain (storage/audit_chain.hpp, docs/operations.md): each record's
-- BLAKE2b-256 hash of its fields and of the record before it, as 64 hex digits. Records kept
-- from before this migration are chained when the store is next opened.
ALTER TABLE audit_log ADD COLUMN chain_hash TEXT;
