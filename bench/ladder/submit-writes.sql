-- The submit's writes, straight in SQL, for the ceiling ladder (L0 pgbench, L1 node:http, L2 a bare
-- Next.js route). Same rows as the portal's submit: lock the consortium and proposal, a new immutable
-- version with its SHA-256 and receipt number, the proposal's status, and the audit event chained to
-- its entity's last hash under the same advisory lock. :sid is the proposal's serial number.
BEGIN;
SELECT c.id FROM consortia c JOIN proposals p ON p.consortium_id = c.id WHERE p.serial_no = :sid FOR UPDATE OF c, p;
INSERT INTO proposal_versions (id, proposal_id, version_no, draft_version, receipt_no, document, sha256, submitted_at, submitted_by_id)
  SELECT gen_random_uuid(), p.id, p.last_version_no + 1, p.draft_version, 'L-' || p.serial_no || '-' || (p.last_version_no + 1), p.draft,
         encode(sha256(convert_to(p.draft::text, 'UTF8')), 'hex'), clock_timestamp(), p.draft_saved_by_id
  FROM proposals p WHERE p.serial_no = :sid;
UPDATE proposals SET status = 'SUBMITTED', last_version_no = last_version_no + 1, submitted_at = clock_timestamp() WHERE serial_no = :sid;
SELECT pg_advisory_xact_lock(hashtextextended('PROPOSAL:' || id::text, 0)) FROM proposals WHERE serial_no = :sid;
INSERT INTO audit_events (entity_type, entity_id, seq, action, actor_id, data, created_at, prev_hash, hash)
  SELECT 'PROPOSAL', p.id::text, COALESCE(last.seq, 0) + 1, 'proposal.submitted', p.draft_saved_by_id, jsonb_build_object('versionNo', p.last_version_no),
         clock_timestamp(), last.hash, encode(sha256(convert_to(p.id::text || COALESCE(last.hash, '') || p.last_version_no, 'UTF8')), 'hex')
  FROM proposals p
  LEFT JOIN LATERAL (SELECT seq, hash FROM audit_events a WHERE a.entity_type = 'PROPOSAL' AND a.entity_id = p.id::text ORDER BY seq DESC LIMIT 1) last ON true
  WHERE p.serial_no = :sid;
END;
