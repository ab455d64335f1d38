-- A store made by the release before migration 0021 (commit 718f2ed): citizenfocus generate
-- --seed 21 --crimes 20 --to 2025-06-30, imported, then sqlite3 .dump. Migration tests load it.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
INSERT INTO schema_migrations VALUES(1,'0001_event_log.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(2,'0002_work_queue_indexes.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(3,'0003_accounts_and_audit.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(4,'0004_sessions.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(5,'0005_people_search.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(6,'0006_leave.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(7,'0007_call_backs.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(8,'0008_units_and_shifts.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(9,'0009_staff_profiles.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(10,'0010_outbox.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(11,'0011_message_templates.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(12,'0012_referrals.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(13,'0013_outbox_provider.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(14,'0014_referral_status.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(15,'0015_self_assessments.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(16,'0016_not_required_on.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(17,'0017_token_expiry.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(18,'0018_live_queue.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(19,'0019_people_details.sql','2026-12-01T13:01:58Z');
INSERT INTO schema_migrations VALUES(20,'0020_cover.sql','2026-12-01T13:01:58Z');
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  lines INTEGER NOT NULL DEFAULT 0,
  accepted INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0
);
INSERT INTO imports VALUES(1,'rel.jsonl','2026-12-01T13:01:58Z','2026-12-01T13:01:58Z',228,228,0,0);
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  crime TEXT NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  body TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES imports (id)
);
INSERT INTO events VALUES(1,'12/0000001/25-1','12/0000001/25','crime.recorded','2025-05-29T13:48:00Z','8069554932e403e5','{"at":"2025-05-29T13:48:00Z","crime":"12/0000001/25","crime_type":"Other theft","flags":[],"id":"12/0000001/25-1","offence_date":"2025-05-26","officer":"PC1209","type":"crime.recorded","unit":"S1"}',1);
INSERT INTO events VALUES(2,'12/0000001/25-2','12/0000001/25','person.added','2025-05-29T13:48:00Z','1865f80743fdf377','{"at":"2025-05-29T13:48:00Z","crime":"12/0000001/25","date_of_birth":"1955-12-28","flags":["persistently_targeted"],"id":"12/0000001/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Mrs","given":"Ann","family":"Okoro"},"contact":{"address":"105 Bryn Road, Manchester","postcode":"M1 9AT","phone_mobile":"07700 972502","email":"Ann.Okoro@example.org"}}',1);
INSERT INTO events VALUES(3,'12/0000001/25-9','12/0000001/25','referral.sent','2025-05-31T15:00:00Z','ec93c9dc985af0c4','{"at":"2025-05-31T15:00:00Z","crime":"12/0000001/25","id":"12/0000001/25-9","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(4,'12/0000001/25-8','12/0000001/25','information.given','2025-06-01T10:00:00Z','b2cbd3ce4208f687','{"at":"2025-06-01T10:00:00Z","crime":"12/0000001/25","id":"12/0000001/25-8","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(5,'12/0000001/25-3','12/0000001/25','suspect.arrested','2025-06-11T15:00:00Z','860561667c8d53bc','{"at":"2025-06-11T15:00:00Z","crime":"12/0000001/25","id":"12/0000001/25-3","type":"suspect.arrested","suspect":"S1"}',1);
INSERT INTO events VALUES(6,'12/0000001/25-4','12/0000001/25','suspect.interviewed','2025-06-11T18:00:00Z','4308090a8b0049c6','{"at":"2025-06-11T18:00:00Z","crime":"12/0000001/25","id":"12/0000001/25-4","type":"suspect.interviewed","suspect":"S1"}',1);
INSERT INTO events VALUES(7,'12/0000001/25-11','12/0000001/25','contact.made','2025-06-11T19:00:00Z','8272d83a0df9f6cc','{"at":"2025-06-11T19:00:00Z","channel":"phone","covers":["interview"],"crime":"12/0000001/25","id":"12/0000001/25-11","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(8,'12/0000001/25-5','12/0000001/25','suspect.bailed','2025-06-11T20:00:00Z','b6a6d4ed011fb978','{"at":"2025-06-11T20:00:00Z","crime":"12/0000001/25","id":"12/0000001/25-5","type":"suspect.bailed","suspect":"S1","conditions":"not to contact the victim"}',1);
INSERT INTO events VALUES(9,'12/0000001/25-10','12/0000001/25','contact.made','2025-06-12T15:00:00Z','69870d9a908d30c7','{"at":"2025-06-12T15:00:00Z","channel":"phone","crime":"12/0000001/25","id":"12/0000001/25-10","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(10,'12/0000001/25-12','12/0000001/25','contact.made','2025-06-12T15:00:00Z','c6666716c593d7b5','{"at":"2025-06-12T15:00:00Z","channel":"phone","crime":"12/0000001/25","id":"12/0000001/25-12","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(11,'12/0000001/25-15','12/0000001/25','contact.made','2025-06-19T08:00:00Z','bb295e6497595318','{"at":"2025-06-19T08:00:00Z","channel":"letter","crime":"12/0000001/25","id":"12/0000001/25-15","outcome":"letter_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(12,'15/0000002/25-1','15/0000002/25','crime.recorded','2025-05-28T16:10:00Z','f6e043f2420120f3','{"at":"2025-05-28T16:10:00Z","crime":"15/0000002/25","crime_type":"Violence and sexual offences","flags":[],"id":"15/0000002/25-1","officer":"PC1506","type":"crime.recorded","unit":"W1"}',1);
INSERT INTO events VALUES(13,'15/0000002/25-2','15/0000002/25','person.added','2025-05-28T16:10:00Z','0012dfa4a9c88d0c','{"at":"2025-05-28T16:10:00Z","crime":"15/0000002/25","date_of_birth":"1977-07-21","flags":[],"id":"15/0000002/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Dr","given":"Lee","family":"Wong"},"contact":{"address":"63 Station Road, Caernarfon","postcode":"LL55 3AL","phone_mobile":"07700 921604","email":"Lee.Wong@example.org"}}',1);
INSERT INTO events VALUES(14,'15/0000002/25-8','15/0000002/25','contract.agreed','2025-05-28T16:15:00Z','3374657abfececb0','{"at":"2025-05-28T16:15:00Z","crime":"15/0000002/25","frequency_days":30,"id":"15/0000002/25-8","person":"V1","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(15,'15/0000002/25-10','15/0000002/25','referral.sent','2025-05-29T14:00:00Z','cf30341824a652fc','{"at":"2025-05-29T14:00:00Z","crime":"15/0000002/25","id":"15/0000002/25-10","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(16,'15/0000002/25-9','15/0000002/25','information.given','2025-05-31T16:00:00Z','79ab67253db949b0','{"at":"2025-05-31T16:00:00Z","crime":"15/0000002/25","id":"15/0000002/25-9","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(17,'15/0000002/25-3','15/0000002/25','suspect.arrested','2025-06-05T14:00:00Z','fa103b16a64f69f8','{"at":"2025-06-05T14:00:00Z","crime":"15/0000002/25","id":"15/0000002/25-3","type":"suspect.arrested","suspect":"S1"}',1);
INSERT INTO events VALUES(18,'15/0000002/25-4','15/0000002/25','suspect.interviewed','2025-06-05T17:00:00Z','3c25927453aac5f8','{"at":"2025-06-05T17:00:00Z","crime":"15/0000002/25","id":"15/0000002/25-4","type":"suspect.interviewed","suspect":"S1"}',1);
INSERT INTO events VALUES(19,'15/0000002/25-5','15/0000002/25','suspect.charged','2025-06-05T19:00:00Z','6f4d9e407942aeb2','{"at":"2025-06-05T19:00:00Z","crime":"15/0000002/25","id":"15/0000002/25-5","type":"suspect.charged","suspect":"S1","charges":"as recorded"}',1);
INSERT INTO events VALUES(20,'15/0000002/25-13','15/0000002/25','contact.made','2025-06-05T20:00:00Z','48659e85be7c77c8','{"at":"2025-06-05T20:00:00Z","channel":"phone","crime":"15/0000002/25","id":"15/0000002/25-13","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(21,'15/0000002/25-11','15/0000002/25','contact.made','2025-06-06T10:00:00Z','e5cd21800aa463c1','{"at":"2025-06-06T10:00:00Z","channel":"phone","covers":["arrest"],"crime":"15/0000002/25","id":"15/0000002/25-11","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(22,'15/0000002/25-6','15/0000002/25','court.hearing_set','2025-06-06T19:00:00Z','e043e75af3d4e64a','{"at":"2025-06-06T19:00:00Z","crime":"15/0000002/25","id":"15/0000002/25-6","type":"court.hearing_set","court":"Magistrates'' Court","hearing_at":"in 4 weeks"}',1);
INSERT INTO events VALUES(23,'15/0000002/25-7','15/0000002/25','case.closed','2025-06-06T19:00:00Z','25528be5cc33e5ed','{"at":"2025-06-06T19:00:00Z","crime":"15/0000002/25","id":"15/0000002/25-7","outcome":"charged","type":"case.closed","reason":"investigation complete"}',1);
INSERT INTO events VALUES(24,'15/0000002/25-14','15/0000002/25','contact.made','2025-06-06T20:00:00Z','e2c2645eb4335b0b','{"at":"2025-06-06T20:00:00Z","channel":"phone","covers":["first_hearing"],"crime":"15/0000002/25","id":"15/0000002/25-14","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(25,'15/0000002/25-12','15/0000002/25','contact.made','2025-06-09T09:00:00Z','a10a247c9a0352e0','{"at":"2025-06-09T09:00:00Z","channel":"phone","crime":"15/0000002/25","id":"15/0000002/25-12","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(26,'12/0000003/25-1','12/0000003/25','crime.recorded','2025-02-13T20:07:00Z','a3f374dd2e9966ef','{"at":"2025-02-13T20:07:00Z","crime":"12/0000003/25","crime_type":"Other crime","flags":[],"id":"12/0000003/25-1","offence_date":"2025-02-13","officer":"PC1200","type":"crime.recorded","unit":"S1"}',1);
INSERT INTO events VALUES(27,'12/0000003/25-2','12/0000003/25','person.added','2025-02-13T20:07:00Z','afe7f76f9b1f75cc','{"at":"2025-02-13T20:07:00Z","crime":"12/0000003/25","date_of_birth":"1996-12-16","flags":[],"id":"12/0000003/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Miss","given":"Tariq","family":"Smith"},"contact":{"address":"71 Bryn Road, Swansea","postcode":"SA1 2PU","phone_mobile":"07700 996266","email":"Tariq.Smith@example.org"}}',1);
INSERT INTO events VALUES(28,'12/0000003/25-4','12/0000003/25','contract.agreed','2025-02-13T20:12:00Z','c397775ee5e4d1a7','{"at":"2025-02-13T20:12:00Z","crime":"12/0000003/25","frequency_days":7,"id":"12/0000003/25-4","person":"V1","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(29,'12/0000003/25-6','12/0000003/25','referral.sent','2025-02-15T08:00:00Z','a111fe847d9ca0ac','{"at":"2025-02-15T08:00:00Z","crime":"12/0000003/25","id":"12/0000003/25-6","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(30,'12/0000003/25-5','12/0000003/25','information.given','2025-02-16T08:00:00Z','6db1a96a7d15eb09','{"at":"2025-02-16T08:00:00Z","crime":"12/0000003/25","id":"12/0000003/25-5","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(31,'12/0000003/25-8','12/0000003/25','contact.made','2025-03-05T17:00:00Z','90860a71052726d8','{"at":"2025-03-05T17:00:00Z","channel":"letter","crime":"12/0000003/25","id":"12/0000003/25-8","outcome":"letter_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(32,'12/0000003/25-9','12/0000003/25','contact.made','2025-03-28T17:00:00Z','91ade4cda26bf5ae','{"at":"2025-03-28T17:00:00Z","channel":"letter","crime":"12/0000003/25","id":"12/0000003/25-9","outcome":"letter_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(33,'12/0000003/25-10','12/0000003/25','contact.made','2025-04-17T10:00:00Z','0c3078232da0401c','{"at":"2025-04-17T10:00:00Z","channel":"sms","crime":"12/0000003/25","id":"12/0000003/25-10","outcome":"sms_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(34,'12/0000003/25-11','12/0000003/25','contact.made','2025-05-08T17:00:00Z','86d0506925d07f51','{"at":"2025-05-08T17:00:00Z","channel":"email","crime":"12/0000003/25","id":"12/0000003/25-11","outcome":"email_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(35,'12/0000003/25-3','12/0000003/25','case.closed','2025-05-19T20:07:00Z','7ff5d1bbf3865d56','{"at":"2025-05-19T20:07:00Z","crime":"12/0000003/25","id":"12/0000003/25-3","outcome":"victim_withdrew","type":"case.closed","reason":"investigation complete"}',1);
INSERT INTO events VALUES(36,'12/0000003/25-7','12/0000003/25','contact.made','2025-05-20T16:00:00Z','e556ac5ae03089b3','{"at":"2025-05-20T16:00:00Z","channel":"phone","covers":["closure"],"crime":"12/0000003/25","id":"12/0000003/25-7","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(37,'12/0000004/25-1','12/0000004/25','crime.recorded','2025-05-28T18:54:00Z','05d962c088828943','{"at":"2025-05-28T18:54:00Z","crime":"12/0000004/25","crime_type":"Violence and sexual offences","flags":["domestic_abuse","gbh_with_intent"],"id":"12/0000004/25-1","offence_date":"2025-05-28","officer":"PC1208","type":"crime.recorded","unit":"S1"}',1);
INSERT INTO events VALUES(38,'12/0000004/25-2','12/0000004/25','person.added','2025-05-28T18:54:00Z','29cb1e0529377bae','{"at":"2025-05-28T18:54:00Z","crime":"12/0000004/25","date_of_birth":"1998-02-20","flags":[],"id":"12/0000004/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Dr","given":"Tom","family":"Nowak"},"contact":{"address":"3 Station Road, Caernarfon","postcode":"LL55 6RH","phone_mobile":"07700 980134","email":"Tom.Nowak@example.org"}}',1);
INSERT INTO events VALUES(39,'12/0000004/25-9','12/0000004/25','referral.consented','2025-05-29T13:00:00Z','c64ec532e6351c9c','{"at":"2025-05-29T13:00:00Z","crime":"12/0000004/25","id":"12/0000004/25-9","person":"V1","type":"referral.consented"}',1);
INSERT INTO events VALUES(40,'12/0000004/25-10','12/0000004/25','referral.sent','2025-05-31T13:00:00Z','bcf2e6aa8bfbdaa0','{"at":"2025-05-31T13:00:00Z","crime":"12/0000004/25","id":"12/0000004/25-10","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(41,'12/0000004/25-8','12/0000004/25','information.given','2025-06-03T08:00:00Z','bd8ef25b58b9aac4','{"at":"2025-06-03T08:00:00Z","crime":"12/0000004/25","id":"12/0000004/25-8","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(42,'12/0000004/25-3','12/0000004/25','suspect.arrested','2025-06-10T09:00:00Z','5ca65737b803ebde','{"at":"2025-06-10T09:00:00Z","crime":"12/0000004/25","id":"12/0000004/25-3","type":"suspect.arrested","suspect":"S1"}',1);
INSERT INTO events VALUES(43,'12/0000004/25-4','12/0000004/25','suspect.interviewed','2025-06-10T12:00:00Z','b4f684df7946093b','{"at":"2025-06-10T12:00:00Z","crime":"12/0000004/25","id":"12/0000004/25-4","type":"suspect.interviewed","suspect":"S1"}',1);
INSERT INTO events VALUES(44,'12/0000004/25-5','12/0000004/25','suspect.bailed','2025-06-10T14:00:00Z','faa4d598411a4e9c','{"at":"2025-06-10T14:00:00Z","crime":"12/0000004/25","id":"12/0000004/25-5","type":"suspect.bailed","suspect":"S1","conditions":"not to contact the victim"}',1);
INSERT INTO events VALUES(45,'12/0000004/25-13','12/0000004/25','contact.made','2025-06-10T14:00:00Z','cd5d33337deb2963','{"at":"2025-06-10T14:00:00Z","channel":"phone","crime":"12/0000004/25","id":"12/0000004/25-13","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(46,'12/0000004/25-12','12/0000004/25','contact.made','2025-06-10T16:00:00Z','47c5531c19ea0d41','{"at":"2025-06-10T16:00:00Z","channel":"phone","covers":["interview"],"crime":"12/0000004/25","id":"12/0000004/25-12","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(47,'12/0000004/25-11','12/0000004/25','contact.made','2025-06-11T08:00:00Z','068f458fd2ffb6e5','{"at":"2025-06-11T08:00:00Z","channel":"phone","crime":"12/0000004/25","id":"12/0000004/25-11","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(48,'12/0000004/25-16','12/0000004/25','contact.made','2025-06-11T16:00:00Z','355e1e7970326a8c','{"at":"2025-06-11T16:00:00Z","channel":"letter","crime":"12/0000004/25","id":"12/0000004/25-16","outcome":"letter_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(49,'12/0000004/25-17','12/0000004/25','contact.made','2025-06-28T17:00:00Z','ba12a89aa446b6bc','{"at":"2025-06-28T17:00:00Z","channel":"letter","crime":"12/0000004/25","id":"12/0000004/25-17","outcome":"letter_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(50,'11/0000005/25-1','11/0000005/25','crime.recorded','2025-05-07T14:32:00Z','5ddcd94c552b1726','{"at":"2025-05-07T14:32:00Z","crime":"11/0000005/25","crime_type":"Shoplifting","flags":[],"id":"11/0000005/25-1","officer":"PC1104","type":"crime.recorded","unit":"N2"}',1);
INSERT INTO events VALUES(51,'11/0000005/25-2','11/0000005/25','person.added','2025-05-07T14:32:00Z','1aa769aa1ef4a040','{"at":"2025-05-07T14:32:00Z","crime":"11/0000005/25","date_of_birth":"1967-12-25","flags":[],"id":"11/0000005/25-2","person":"V1","role":"business_contact","type":"person.added","name":{"title":"Mx","given":"Owen","family":"Khan"},"contact":{"address":"56 Ash Grove, Newport","postcode":"NP20 7EE","phone_mobile":"07700 949458"}}',1);
INSERT INTO events VALUES(52,'11/0000005/25-5','11/0000005/25','contract.agreed','2025-05-07T14:37:00Z','120891c486656bff','{"at":"2025-05-07T14:37:00Z","crime":"11/0000005/25","frequency_days":28,"id":"11/0000005/25-5","person":"V1","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(53,'11/0000005/25-6','11/0000005/25','referral.sent','2025-05-07T15:00:00Z','3263824117312fa0','{"at":"2025-05-07T15:00:00Z","crime":"11/0000005/25","id":"11/0000005/25-6","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(54,'11/0000005/25-3','11/0000005/25','investigation.not_pursued','2025-05-07T15:32:00Z','fffc2960d1a6b4d1','{"at":"2025-05-07T15:32:00Z","crime":"11/0000005/25","id":"11/0000005/25-3","type":"investigation.not_pursued","reason":"no lines of enquiry"}',1);
INSERT INTO events VALUES(55,'11/0000005/25-4','11/0000005/25','case.closed','2025-05-07T16:32:00Z','2fd902a689aaff01','{"at":"2025-05-07T16:32:00Z","crime":"11/0000005/25","id":"11/0000005/25-4","outcome":"no_suspect","type":"case.closed","reason":"investigation complete"}',1);
INSERT INTO events VALUES(56,'11/0000005/25-7','11/0000005/25','contact.made','2025-05-07T17:32:00Z','f6d1f4f7455fc542','{"at":"2025-05-07T17:32:00Z","channel":"phone","crime":"11/0000005/25","id":"11/0000005/25-7","outcome":"left_message","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(57,'11/0000005/25-8','11/0000005/25','contact.made','2025-05-08T17:32:00Z','6eb8110c3f332ec5','{"at":"2025-05-08T17:32:00Z","channel":"phone","crime":"11/0000005/25","id":"11/0000005/25-8","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(58,'12/0000006/25-1','12/0000006/25','crime.recorded','2025-05-05T20:16:00Z','f2ead7e7e5892b20','{"at":"2025-05-05T20:16:00Z","crime":"12/0000006/25","crime_type":"Violence and sexual offences","flags":["domestic_abuse","gbh_with_intent"],"id":"12/0000006/25-1","offence_date":"2025-05-04","officer":"PC1209","type":"crime.recorded","unit":"S1"}',1);
INSERT INTO events VALUES(59,'12/0000006/25-2','12/0000006/25','person.added','2025-05-05T20:16:00Z','50f6cdc331e309d3','{"at":"2025-05-05T20:16:00Z","crime":"12/0000006/25","date_of_birth":"1979-12-02","flags":[],"id":"12/0000006/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Mrs","given":"Dafydd","family":"Ali"},"contact":{"address":"104 High Street, Leeds","postcode":"LS2 2EY","phone_mobile":"07700 928973","email":"Dafydd.Ali@example.org"}}',1);
INSERT INTO events VALUES(60,'12/0000006/25-4','12/0000006/25','contract.agreed','2025-05-05T20:21:00Z','04ce4d777ccb07f3','{"at":"2025-05-05T20:21:00Z","crime":"12/0000006/25","frequency_days":14,"id":"12/0000006/25-4","person":"V1","type":"contract.agreed","wants_updates":true,"safe_to_contact":{"letter":false,"email":false}}',1);
INSERT INTO events VALUES(61,'12/0000006/25-6','12/0000006/25','referral.consented','2025-05-06T17:00:00Z','5a46cf8d24adb088','{"at":"2025-05-06T17:00:00Z","crime":"12/0000006/25","id":"12/0000006/25-6","person":"V1","type":"referral.consented"}',1);
INSERT INTO events VALUES(62,'12/0000006/25-7','12/0000006/25','referral.sent','2025-05-07T13:00:00Z','47f4714e0db3e297','{"at":"2025-05-07T13:00:00Z","crime":"12/0000006/25","id":"12/0000006/25-7","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(63,'12/0000006/25-5','12/0000006/25','information.given','2025-05-11T17:00:00Z','9678e137ad14bc5d','{"at":"2025-05-11T17:00:00Z","crime":"12/0000006/25","id":"12/0000006/25-5","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(64,'12/0000006/25-9','12/0000006/25','contact.made','2025-05-28T12:00:00Z','5017c704ae0d1129','{"at":"2025-05-28T12:00:00Z","channel":"sms","crime":"12/0000006/25","id":"12/0000006/25-9","outcome":"sms_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(65,'12/0000006/25-10','12/0000006/25','contact.made','2025-06-24T10:00:00Z','e36a2b7002198f62','{"at":"2025-06-24T10:00:00Z","channel":"email","crime":"12/0000006/25","id":"12/0000006/25-10","outcome":"email_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(66,'10/0000007/25-1','10/0000007/25','crime.recorded','2025-01-29T12:38:00Z','01b0a26460deb59f','{"at":"2025-01-29T12:38:00Z","crime":"10/0000007/25","crime_type":"Criminal damage and arson","flags":[],"id":"10/0000007/25-1","officer":"PC1002","type":"crime.recorded","unit":"N1"}',1);
INSERT INTO events VALUES(67,'10/0000007/25-2','10/0000007/25','person.added','2025-01-29T12:38:00Z','9ed4c038f414c12b','{"at":"2025-01-29T12:38:00Z","crime":"10/0000007/25","date_of_birth":"1973-06-28","flags":[],"id":"10/0000007/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Mr","given":"Tom","family":"Smith"},"contact":{"address":"52 Mill Lane, Newport","postcode":"NP20 0ZE","phone_mobile":"07700 931241","email":"Tom.Smith@example.org"}}',1);
INSERT INTO events VALUES(68,'10/0000007/25-6','10/0000007/25','contract.agreed','2025-01-29T12:43:00Z','97484afcd00c64ef','{"at":"2025-01-29T12:43:00Z","crime":"10/0000007/25","frequency_days":28,"id":"10/0000007/25-6","person":"V1","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(69,'10/0000007/25-3','10/0000007/25','person.added','2025-01-29T13:38:00Z','6d3708a41bb34fd9','{"at":"2025-01-29T13:38:00Z","crime":"10/0000007/25","date_of_birth":"2006-11-27","flags":[],"id":"10/0000007/25-3","person":"W1","role":"witness","type":"person.added","name":{"title":"Mrs","given":"Tom","family":"Khan"},"contact":{"phone_mobile":"07700 920586","email":"Tom.Khan@example.org"}}',1);
INSERT INTO events VALUES(70,'10/0000007/25-8','10/0000007/25','referral.sent','2025-01-30T10:00:00Z','7237ebbddc9c9d0f','{"at":"2025-01-30T10:00:00Z","crime":"10/0000007/25","id":"10/0000007/25-8","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(71,'10/0000007/25-4','10/0000007/25','investigation.not_pursued','2025-01-31T13:38:00Z','408a7e23c5e6594d','{"at":"2025-01-31T13:38:00Z","crime":"10/0000007/25","id":"10/0000007/25-4","type":"investigation.not_pursued","reason":"no lines of enquiry"}',1);
INSERT INTO events VALUES(72,'10/0000007/25-5','10/0000007/25','case.closed','2025-01-31T14:38:00Z','8651fe4ca48a5087','{"at":"2025-01-31T14:38:00Z","crime":"10/0000007/25","id":"10/0000007/25-5","outcome":"no_suspect","type":"case.closed","reason":"investigation complete"}',1);
INSERT INTO events VALUES(73,'10/0000007/25-12','10/0000007/25','contact.made','2025-01-31T15:38:00Z','5ccc3b1d0ae41b47','{"at":"2025-01-31T15:38:00Z","channel":"phone","crime":"10/0000007/25","id":"10/0000007/25-12","outcome":"spoke","person":"W1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(74,'10/0000007/25-9','10/0000007/25','contact.made','2025-01-31T17:00:00Z','a5b46108f7bd8692','{"at":"2025-01-31T17:00:00Z","channel":"phone","crime":"10/0000007/25","id":"10/0000007/25-9","outcome":"left_message","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(75,'10/0000007/25-11','10/0000007/25','contact.made','2025-02-01T13:00:00Z','d6723c660842df14','{"at":"2025-02-01T13:00:00Z","channel":"phone","crime":"10/0000007/25","id":"10/0000007/25-11","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(76,'10/0000007/25-10','10/0000007/25','contact.made','2025-02-01T17:00:00Z','00a938f3cac95c3c','{"at":"2025-02-01T17:00:00Z","channel":"phone","covers":["not_investigated"],"crime":"10/0000007/25","id":"10/0000007/25-10","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(77,'10/0000007/25-7','10/0000007/25','information.given','2025-02-03T09:00:00Z','d9981cf192817b30','{"at":"2025-02-03T09:00:00Z","crime":"10/0000007/25","id":"10/0000007/25-7","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(78,'12/0000008/25-1','12/0000008/25','crime.recorded','2025-01-26T13:33:00Z','e658344b31bf4fb8','{"at":"2025-01-26T13:33:00Z","crime":"12/0000008/25","crime_type":"Burglary","flags":[],"id":"12/0000008/25-1","officer":"PC1205","type":"crime.recorded","unit":"S1"}',1);
INSERT INTO events VALUES(79,'12/0000008/25-2','12/0000008/25','person.added','2025-01-26T13:33:00Z','2c21116a8a85e656','{"at":"2025-01-26T13:33:00Z","crime":"12/0000008/25","date_of_birth":"1952-07-26","flags":[],"id":"12/0000008/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Ms","given":"Ann","family":"Reed"},"contact":{"address":"3 Heol y Frenhines, Chester","postcode":"CH1 8WR","phone_mobile":"07700 943162","email":"Ann.Reed@example.org"}}',1);
INSERT INTO events VALUES(80,'12/0000008/25-6','12/0000008/25','referral.sent','2025-01-26T13:33:00Z','956313d388d56675','{"at":"2025-01-26T13:33:00Z","crime":"12/0000008/25","id":"12/0000008/25-6","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(81,'12/0000008/25-4','12/0000008/25','contract.agreed','2025-01-26T13:38:00Z','f79b04fb6602e4f8','{"at":"2025-01-26T13:38:00Z","crime":"12/0000008/25","frequency_days":30,"id":"12/0000008/25-4","person":"V1","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(82,'12/0000008/25-5','12/0000008/25','information.given','2025-01-27T11:00:00Z','88da724b51540b62','{"at":"2025-01-27T11:00:00Z","crime":"12/0000008/25","id":"12/0000008/25-5","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(83,'12/0000008/25-3','12/0000008/25','case.closed','2025-03-05T13:33:00Z','a2f8b2a6df8bf872','{"at":"2025-03-05T13:33:00Z","crime":"12/0000008/25","id":"12/0000008/25-3","outcome":"no_suspect","type":"case.closed","reason":"investigation complete"}',1);
INSERT INTO events VALUES(84,'12/0000008/25-7','12/0000008/25','contact.made','2025-03-06T14:00:00Z','0edb0356965dff6c','{"at":"2025-03-06T14:00:00Z","channel":"phone","crime":"12/0000008/25","id":"12/0000008/25-7","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(85,'15/0000009/25-1','15/0000009/25','crime.recorded','2025-05-15T16:24:00Z','07a3869385e23c9a','{"at":"2025-05-15T16:24:00Z","crime":"15/0000009/25","crime_type":"Violence and sexual offences","flags":[],"id":"15/0000009/25-1","offence_date":"2025-05-14","officer":"PC1500","type":"crime.recorded","unit":"W1"}',1);
INSERT INTO events VALUES(86,'15/0000009/25-2','15/0000009/25','person.added','2025-05-15T16:24:00Z','1c7f3cb342fbb2b2','{"at":"2025-05-15T16:24:00Z","crime":"15/0000009/25","date_of_birth":"1985-02-25","flags":[],"id":"15/0000009/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Mr","given":"Megan","family":"Ali"},"contact":{"address":"31 Heol y Frenhines, Cardiff","postcode":"CF10 0PT","phone_mobile":"07700 967837","email":"Megan.Ali@example.org"}}',1);
INSERT INTO events VALUES(87,'15/0000009/25-7','15/0000009/25','contract.agreed','2025-05-15T16:29:00Z','02d00358f20a61db','{"at":"2025-05-15T16:29:00Z","crime":"15/0000009/25","frequency_days":28,"id":"15/0000009/25-7","person":"V1","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(88,'15/0000009/25-9','15/0000009/25','referral.sent','2025-05-16T11:00:00Z','897febfd0aeb2b4d','{"at":"2025-05-16T11:00:00Z","crime":"15/0000009/25","id":"15/0000009/25-9","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(89,'15/0000009/25-8','15/0000009/25','information.given','2025-05-18T08:00:00Z','da9d54a6b22fa2ff','{"at":"2025-05-18T08:00:00Z","crime":"15/0000009/25","id":"15/0000009/25-8","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(90,'15/0000009/25-3','15/0000009/25','suspect.arrested','2025-05-25T11:00:00Z','f634ef06d119801e','{"at":"2025-05-25T11:00:00Z","crime":"15/0000009/25","id":"15/0000009/25-3","type":"suspect.arrested","suspect":"S1"}',1);
INSERT INTO events VALUES(91,'15/0000009/25-4','15/0000009/25','suspect.bailed','2025-05-25T13:00:00Z','a4a49752e3635695','{"at":"2025-05-25T13:00:00Z","crime":"15/0000009/25","id":"15/0000009/25-4","type":"suspect.bailed","suspect":"S1","conditions":"not to contact the victim"}',1);
INSERT INTO events VALUES(92,'15/0000009/25-11','15/0000009/25','contact.made','2025-05-25T16:00:00Z','8cf865125a6921f0','{"at":"2025-05-25T16:00:00Z","channel":"phone","covers":["bail"],"crime":"15/0000009/25","id":"15/0000009/25-11","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(93,'15/0000009/25-10','15/0000009/25','contact.made','2025-05-26T13:00:00Z','4f20e6ef6dedbea4','{"at":"2025-05-26T13:00:00Z","channel":"phone","covers":["arrest"],"crime":"15/0000009/25","id":"15/0000009/25-10","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(94,'15/0000009/25-14','15/0000009/25','contact.made','2025-06-01T14:00:00Z','00defd123f50f613','{"at":"2025-06-01T14:00:00Z","channel":"email","crime":"15/0000009/25","id":"15/0000009/25-14","outcome":"email_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(95,'15/0000009/25-15','15/0000009/25','contact.made','2025-06-23T17:00:00Z','90dc99748ec7e7ef','{"at":"2025-06-23T17:00:00Z","channel":"sms","crime":"15/0000009/25","id":"15/0000009/25-15","outcome":"sms_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(96,'14/0000010/25-1','14/0000010/25','crime.recorded','2025-05-09T12:13:00Z','3fd020627494ed2c','{"at":"2025-05-09T12:13:00Z","crime":"14/0000010/25","crime_type":"Criminal damage and arson","flags":[],"id":"14/0000010/25-1","offence_date":"2025-05-06","officer":"PC1408","type":"crime.recorded","unit":"E1"}',1);
INSERT INTO events VALUES(97,'14/0000010/25-2','14/0000010/25','person.added','2025-05-09T12:13:00Z','1e66b5bf73a3055f','{"at":"2025-05-09T12:13:00Z","crime":"14/0000010/25","date_of_birth":"1968-03-03","flags":[],"id":"14/0000010/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Dr","given":"Tariq","family":"Ali"},"contact":{"address":"27 Ash Grove, Bangor","postcode":"LL57 8TG","phone_mobile":"07700 904942"}}',1);
INSERT INTO events VALUES(98,'14/0000010/25-5','14/0000010/25','referral.sent','2025-05-09T15:00:00Z','530bd3edffa86287','{"at":"2025-05-09T15:00:00Z","crime":"14/0000010/25","id":"14/0000010/25-5","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(99,'14/0000010/25-4','14/0000010/25','information.given','2025-05-12T13:00:00Z','701586386944b393','{"at":"2025-05-12T13:00:00Z","crime":"14/0000010/25","id":"14/0000010/25-4","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(100,'14/0000010/25-7','14/0000010/25','contact.made','2025-05-21T09:00:00Z','ef64b1264a2d502c','{"at":"2025-05-21T09:00:00Z","channel":"letter","crime":"14/0000010/25","id":"14/0000010/25-7","outcome":"letter_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(101,'14/0000010/25-8','14/0000010/25','contact.made','2025-06-03T09:00:00Z','66e392cd4b1b23e5','{"at":"2025-06-03T09:00:00Z","channel":"phone","crime":"14/0000010/25","id":"14/0000010/25-8","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(102,'14/0000010/25-9','14/0000010/25','contact.made','2025-06-17T09:00:00Z','ecb41c2175fd6dbc','{"at":"2025-06-17T09:00:00Z","channel":"sms","crime":"14/0000010/25","id":"14/0000010/25-9","outcome":"sms_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(103,'14/0000010/25-10','14/0000010/25','contact.made','2025-06-29T16:00:00Z','6cb216a6dfcbbfc3','{"at":"2025-06-29T16:00:00Z","channel":"letter","crime":"14/0000010/25","id":"14/0000010/25-10","outcome":"letter_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(104,'14/0000011/25-1','14/0000011/25','crime.recorded','2025-03-18T07:09:00Z','5ec2e42c21660388','{"at":"2025-03-18T07:09:00Z","crime":"14/0000011/25","crime_type":"Other theft","flags":[],"id":"14/0000011/25-1","offence_date":"2025-03-17","officer":"PC1408","type":"crime.recorded","unit":"E1"}',1);
INSERT INTO events VALUES(105,'14/0000011/25-2','14/0000011/25','person.added','2025-03-18T07:09:00Z','49514491894d80cb','{"at":"2025-03-18T07:09:00Z","crime":"14/0000011/25","date_of_birth":"1985-12-14","flags":[],"id":"14/0000011/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Mr","given":"Imran","family":"Reed"},"contact":{"address":"2 Station Road, Swansea","postcode":"SA1 9QS","phone_mobile":"07700 919074","email":"Imran.Reed@example.org"}}',1);
INSERT INTO events VALUES(106,'14/0000011/25-4','14/0000011/25','contract.agreed','2025-03-18T07:14:00Z','c84455157e757cd7','{"at":"2025-03-18T07:14:00Z","crime":"14/0000011/25","frequency_days":28,"id":"14/0000011/25-4","person":"V1","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(107,'14/0000011/25-6','14/0000011/25','referral.sent','2025-03-19T14:00:00Z','ca8e8972e4f16e68','{"at":"2025-03-19T14:00:00Z","crime":"14/0000011/25","id":"14/0000011/25-6","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(108,'14/0000011/25-5','14/0000011/25','information.given','2025-03-20T11:00:00Z','578d81285785dfd1','{"at":"2025-03-20T11:00:00Z","crime":"14/0000011/25","id":"14/0000011/25-5","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(109,'14/0000011/25-3','14/0000011/25','case.closed','2025-03-28T07:09:00Z','29b5eaa5b63d69f3','{"at":"2025-03-28T07:09:00Z","crime":"14/0000011/25","id":"14/0000011/25-3","outcome":"no_suspect","type":"case.closed","reason":"investigation complete"}',1);
INSERT INTO events VALUES(110,'14/0000011/25-7','14/0000011/25','contact.made','2025-03-29T13:00:00Z','3742caa06d99e00d','{"at":"2025-03-29T13:00:00Z","channel":"phone","covers":["closure"],"crime":"14/0000011/25","id":"14/0000011/25-7","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(111,'12/0000012/25-1','12/0000012/25','crime.recorded','2025-03-08T10:24:00Z','df419c17d62e07f0','{"at":"2025-03-08T10:24:00Z","crime":"12/0000012/25","crime_type":"Drugs","flags":[],"id":"12/0000012/25-1","offence_date":"2025-03-08","officer":"PC1202","type":"crime.recorded","unit":"S1"}',1);
INSERT INTO events VALUES(112,'12/0000012/25-2','12/0000012/25','suspect.arrested','2025-03-09T15:00:00Z','1934cef509335df1','{"at":"2025-03-09T15:00:00Z","crime":"12/0000012/25","id":"12/0000012/25-2","type":"suspect.arrested","suspect":"S1"}',1);
INSERT INTO events VALUES(113,'12/0000012/25-3','12/0000012/25','suspect.interviewed','2025-03-09T18:00:00Z','44ea7cd218711d4b','{"at":"2025-03-09T18:00:00Z","crime":"12/0000012/25","id":"12/0000012/25-3","type":"suspect.interviewed","suspect":"S1"}',1);
INSERT INTO events VALUES(114,'12/0000012/25-4','12/0000012/25','suspect.released_under_investigation','2025-03-09T20:00:00Z','dd763bf150846a20','{"at":"2025-03-09T20:00:00Z","crime":"12/0000012/25","id":"12/0000012/25-4","type":"suspect.released_under_investigation","suspect":"S1"}',1);
INSERT INTO events VALUES(115,'12/0000012/25-5','12/0000012/25','decision.no_charge','2025-06-05T16:00:00Z','4c6622bb1f13d1dd','{"at":"2025-06-05T16:00:00Z","crime":"12/0000012/25","id":"12/0000012/25-5","type":"decision.no_charge","vrr_eligible":true,"suspect":"S1","reason":"insufficient evidence"}',1);
INSERT INTO events VALUES(116,'12/0000012/25-6','12/0000012/25','case.closed','2025-06-11T16:00:00Z','c70a05db169a93d0','{"at":"2025-06-11T16:00:00Z","crime":"12/0000012/25","id":"12/0000012/25-6","outcome":"evidential_difficulties","type":"case.closed","reason":"investigation complete"}',1);
INSERT INTO events VALUES(117,'13/0000013/25-1','13/0000013/25','crime.recorded','2025-04-03T09:08:00Z','4d3a32bf3d886c9f','{"at":"2025-04-03T09:08:00Z","crime":"13/0000013/25","crime_type":"Burglary","flags":[],"id":"13/0000013/25-1","officer":"PC1309","type":"crime.recorded","unit":"S2"}',1);
INSERT INTO events VALUES(118,'13/0000013/25-2','13/0000013/25','person.added','2025-04-03T09:08:00Z','7da50d0d31e15e78','{"at":"2025-04-03T09:08:00Z","crime":"13/0000013/25","date_of_birth":"1976-09-26","flags":[],"id":"13/0000013/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Mr","given":"Jo","family":"Ali"},"contact":{"address":"47 Station Road, Leeds","postcode":"LS2 5AS","phone_mobile":"07700 941493","email":"Jo.Ali@example.org"}}',1);
INSERT INTO events VALUES(119,'13/0000013/25-3','13/0000013/25','person.added','2025-04-03T09:08:00Z','084dd678e6f9f1e6','{"at":"2025-04-03T09:08:00Z","crime":"13/0000013/25","date_of_birth":"1938-03-31","flags":[],"id":"13/0000013/25-3","person":"V2","role":"victim","type":"person.added","name":{"title":"Ms","given":"Dafydd","family":"Taylor"},"contact":{"phone_mobile":"07700 982030","email":"Dafydd.Taylor@example.org"}}',1);
INSERT INTO events VALUES(120,'13/0000013/25-5','13/0000013/25','contract.agreed','2025-04-03T09:13:00Z','3b65013880f521de','{"at":"2025-04-03T09:13:00Z","crime":"13/0000013/25","frequency_days":28,"id":"13/0000013/25-5","person":"V1","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(121,'13/0000013/25-12','13/0000013/25','contract.agreed','2025-04-03T09:13:00Z','d8cbd1a12378c3d0','{"at":"2025-04-03T09:13:00Z","crime":"13/0000013/25","frequency_days":30,"id":"13/0000013/25-12","person":"V2","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(122,'13/0000013/25-14','13/0000013/25','referral.sent','2025-04-04T10:00:00Z','72aa350b65aa2f27','{"at":"2025-04-04T10:00:00Z","crime":"13/0000013/25","id":"13/0000013/25-14","person":"V2","type":"referral.sent"}',1);
INSERT INTO events VALUES(123,'13/0000013/25-7','13/0000013/25','referral.sent','2025-04-04T12:00:00Z','c435f21d5f9ac820','{"at":"2025-04-04T12:00:00Z","crime":"13/0000013/25","id":"13/0000013/25-7","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(124,'13/0000013/25-6','13/0000013/25','information.given','2025-04-05T08:00:00Z','fbd3bcb9bde3362c','{"at":"2025-04-05T08:00:00Z","crime":"13/0000013/25","id":"13/0000013/25-6","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(125,'13/0000013/25-13','13/0000013/25','information.given','2025-04-05T09:00:00Z','ed3c4d3dc48297b0','{"at":"2025-04-05T09:00:00Z","crime":"13/0000013/25","id":"13/0000013/25-13","item":"victims_of_crime_leaflet","person":"V2","type":"information.given"}',1);
INSERT INTO events VALUES(126,'13/0000013/25-16','13/0000013/25','contact.made','2025-04-23T08:00:00Z','22c2d8a6e25f3d2b','{"at":"2025-04-23T08:00:00Z","channel":"letter","crime":"13/0000013/25","id":"13/0000013/25-16","outcome":"letter_sent","person":"V2","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(127,'13/0000013/25-9','13/0000013/25','contact.made','2025-04-25T12:00:00Z','cb3336efe6db3265','{"at":"2025-04-25T12:00:00Z","channel":"sms","crime":"13/0000013/25","id":"13/0000013/25-9","outcome":"sms_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(128,'13/0000013/25-17','13/0000013/25','contact.made','2025-05-19T12:00:00Z','5d2e562c985c3b2b','{"at":"2025-05-19T12:00:00Z","channel":"email","crime":"13/0000013/25","id":"13/0000013/25-17","outcome":"email_sent","person":"V2","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(129,'13/0000013/25-10','13/0000013/25','contact.made','2025-05-23T13:00:00Z','1152ff5ed0e55184','{"at":"2025-05-23T13:00:00Z","channel":"phone","crime":"13/0000013/25","id":"13/0000013/25-10","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(130,'13/0000013/25-18','13/0000013/25','contact.made','2025-06-14T13:00:00Z','9eab6bac7b637a7b','{"at":"2025-06-14T13:00:00Z","channel":"email","crime":"13/0000013/25","id":"13/0000013/25-18","outcome":"email_sent","person":"V2","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(131,'13/0000013/25-11','13/0000013/25','contact.made','2025-06-16T11:00:00Z','e4276893b2736e17','{"at":"2025-06-16T11:00:00Z","channel":"letter","crime":"13/0000013/25","id":"13/0000013/25-11","outcome":"letter_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(132,'13/0000013/25-4','13/0000013/25','case.closed','2025-06-27T09:08:00Z','d6789fbbadf58411','{"at":"2025-06-27T09:08:00Z","crime":"13/0000013/25","id":"13/0000013/25-4","outcome":"victim_withdrew","type":"case.closed","reason":"investigation complete"}',1);
INSERT INTO events VALUES(133,'13/0000013/25-15','13/0000013/25','contact.made','2025-06-27T10:00:00Z','949f9485edad65d2','{"at":"2025-06-27T10:00:00Z","channel":"phone","crime":"13/0000013/25","id":"13/0000013/25-15","outcome":"spoke","person":"V2","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(134,'13/0000013/25-8','13/0000013/25','contact.made','2025-06-28T15:00:00Z','d6e1523f88e15645','{"at":"2025-06-28T15:00:00Z","channel":"phone","crime":"13/0000013/25","id":"13/0000013/25-8","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(135,'12/0000014/25-1','12/0000014/25','crime.recorded','2025-02-20T20:04:00Z','d4541d50def10a3f','{"at":"2025-02-20T20:04:00Z","crime":"12/0000014/25","crime_type":"Burglary","flags":[],"id":"12/0000014/25-1","offence_date":"2025-02-20","officer":"PC1203","type":"crime.recorded","unit":"S1"}',1);
INSERT INTO events VALUES(136,'12/0000014/25-2','12/0000014/25','person.added','2025-02-20T20:04:00Z','1611b7129ddf6fee','{"at":"2025-02-20T20:04:00Z","crime":"12/0000014/25","date_of_birth":"1967-04-27","flags":[],"id":"12/0000014/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Mx","given":"Zofia","family":"Davies"},"contact":{"address":"9 Church Road, Manchester","postcode":"M1 9XD","phone_mobile":"07700 964117"}}',1);
INSERT INTO events VALUES(137,'12/0000014/25-3','12/0000014/25','person.added','2025-02-20T20:04:00Z','c2ac09d41f09d126','{"at":"2025-02-20T20:04:00Z","crime":"12/0000014/25","date_of_birth":"1973-09-04","flags":[],"id":"12/0000014/25-3","person":"V2","role":"victim","type":"person.added","name":{"title":"Mx","given":"Zofia","family":"Evans"},"contact":{"phone_mobile":"07700 915353","email":"Zofia.Evans@example.org"}}',1);
INSERT INTO events VALUES(138,'12/0000014/25-14','12/0000014/25','contract.agreed','2025-02-20T20:09:00Z','cab2112f099b8350','{"at":"2025-02-20T20:09:00Z","crime":"12/0000014/25","frequency_days":28,"id":"12/0000014/25-14","person":"V2","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(139,'12/0000014/25-5','12/0000014/25','information.given','2025-02-21T10:00:00Z','61027b83721e6328','{"at":"2025-02-21T10:00:00Z","crime":"12/0000014/25","id":"12/0000014/25-5","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(140,'12/0000014/25-16','12/0000014/25','referral.sent','2025-02-23T11:00:00Z','68df604183a1ddd9','{"at":"2025-02-23T11:00:00Z","crime":"12/0000014/25","id":"12/0000014/25-16","person":"V2","type":"referral.sent"}',1);
INSERT INTO events VALUES(141,'12/0000014/25-6','12/0000014/25','referral.sent','2025-02-23T12:00:00Z','cd13ec66ab68cd20','{"at":"2025-02-23T12:00:00Z","crime":"12/0000014/25","id":"12/0000014/25-6","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(142,'12/0000014/25-15','12/0000014/25','information.given','2025-02-23T12:00:00Z','875d6b670ef1d640','{"at":"2025-02-23T12:00:00Z","crime":"12/0000014/25","id":"12/0000014/25-15","item":"victims_of_crime_leaflet","person":"V2","type":"information.given"}',1);
INSERT INTO events VALUES(143,'12/0000014/25-8','12/0000014/25','contact.made','2025-03-07T08:00:00Z','fd6da02b0b716bc9','{"at":"2025-03-07T08:00:00Z","channel":"phone","crime":"12/0000014/25","id":"12/0000014/25-8","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(144,'12/0000014/25-19','12/0000014/25','contact.made','2025-03-10T17:00:00Z','a013526c4fb637c1','{"at":"2025-03-10T17:00:00Z","channel":"letter","crime":"12/0000014/25","id":"12/0000014/25-19","outcome":"letter_sent","person":"V2","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(145,'12/0000014/25-9','12/0000014/25','contact.made','2025-03-27T12:00:00Z','8c0591e1bb3998fe','{"at":"2025-03-27T12:00:00Z","channel":"letter","crime":"12/0000014/25","id":"12/0000014/25-9","outcome":"letter_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(146,'12/0000014/25-20','12/0000014/25','contact.made','2025-03-30T11:00:00Z','4d893fff7919097d','{"at":"2025-03-30T11:00:00Z","channel":"letter","crime":"12/0000014/25","id":"12/0000014/25-20","outcome":"letter_sent","person":"V2","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(147,'12/0000014/25-10','12/0000014/25','contact.made','2025-04-16T13:00:00Z','6e3bfa648d5c2d33','{"at":"2025-04-16T13:00:00Z","channel":"phone","crime":"12/0000014/25","id":"12/0000014/25-10","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(148,'12/0000014/25-21','12/0000014/25','contact.made','2025-04-21T12:00:00Z','b0dca099874c8eba','{"at":"2025-04-21T12:00:00Z","channel":"letter","crime":"12/0000014/25","id":"12/0000014/25-21","outcome":"letter_sent","person":"V2","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(149,'12/0000014/25-11','12/0000014/25','contact.made','2025-05-01T16:00:00Z','ab85301c4fcc700b','{"at":"2025-05-01T16:00:00Z","channel":"sms","crime":"12/0000014/25","id":"12/0000014/25-11","outcome":"sms_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(150,'12/0000014/25-22','12/0000014/25','contact.made','2025-05-12T11:00:00Z','7c2c134a86cd340e','{"at":"2025-05-12T11:00:00Z","channel":"phone","crime":"12/0000014/25","id":"12/0000014/25-22","outcome":"spoke","person":"V2","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(151,'12/0000014/25-12','12/0000014/25','contact.made','2025-05-22T14:00:00Z','84209cef85a31849','{"at":"2025-05-22T14:00:00Z","channel":"letter","crime":"12/0000014/25","id":"12/0000014/25-12","outcome":"letter_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(152,'12/0000014/25-23','12/0000014/25','contact.made','2025-06-03T11:00:00Z','04e3f7dc43b17b57','{"at":"2025-06-03T11:00:00Z","channel":"sms","crime":"12/0000014/25","id":"12/0000014/25-23","outcome":"sms_sent","person":"V2","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(153,'12/0000014/25-13','12/0000014/25','contact.made','2025-06-06T13:00:00Z','571b7253595abfbe','{"at":"2025-06-06T13:00:00Z","channel":"sms","crime":"12/0000014/25","id":"12/0000014/25-13","outcome":"sms_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(154,'12/0000014/25-24','12/0000014/25','contact.made','2025-06-21T08:00:00Z','7b2d2e4ebe458e2c','{"at":"2025-06-21T08:00:00Z","channel":"sms","crime":"12/0000014/25","id":"12/0000014/25-24","outcome":"sms_sent","person":"V2","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(155,'12/0000014/25-4','12/0000014/25','case.closed','2025-06-22T20:04:00Z','391d282c80f0d865','{"at":"2025-06-22T20:04:00Z","crime":"12/0000014/25","id":"12/0000014/25-4","outcome":"victim_withdrew","type":"case.closed","reason":"investigation complete"}',1);
INSERT INTO events VALUES(156,'12/0000014/25-17','12/0000014/25','contact.made','2025-06-23T12:00:00Z','79a1f2ce7f6e33f0','{"at":"2025-06-23T12:00:00Z","channel":"phone","crime":"12/0000014/25","id":"12/0000014/25-17","outcome":"no_answer","person":"V2","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(157,'12/0000014/25-7','12/0000014/25','contact.made','2025-06-23T15:00:00Z','8290d6f60e0afc58','{"at":"2025-06-23T15:00:00Z","channel":"phone","covers":["closure"],"crime":"12/0000014/25","id":"12/0000014/25-7","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(158,'12/0000014/25-18','12/0000014/25','contact.made','2025-06-24T12:00:00Z','3553aa66a221b3ca','{"at":"2025-06-24T12:00:00Z","channel":"phone","crime":"12/0000014/25","id":"12/0000014/25-18","outcome":"spoke","person":"V2","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(159,'10/0000015/25-1','10/0000015/25','crime.recorded','2025-03-08T20:36:00Z','49a56870ae976296','{"at":"2025-03-08T20:36:00Z","crime":"10/0000015/25","crime_type":"Burglary","flags":[],"id":"10/0000015/25-1","offence_date":"2025-03-05","officer":"PC1007","type":"crime.recorded","unit":"N1"}',1);
INSERT INTO events VALUES(160,'10/0000015/25-2','10/0000015/25','person.added','2025-03-08T20:36:00Z','6f445c533c2d5369','{"at":"2025-03-08T20:36:00Z","crime":"10/0000015/25","date_of_birth":"2006-10-20","flags":[],"id":"10/0000015/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Ms","given":"Zofia","family":"Jones"},"contact":{"address":"43 Bryn Road, Wrexham","postcode":"LL11 4TB","phone_mobile":"07700 986332","email":"Zofia.Jones@example.org"}}',1);
INSERT INTO events VALUES(161,'10/0000015/25-4','10/0000015/25','contract.agreed','2025-03-08T20:41:00Z','e0a6b0f90ef72ec9','{"at":"2025-03-08T20:41:00Z","crime":"10/0000015/25","frequency_days":28,"id":"10/0000015/25-4","person":"V1","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(162,'10/0000015/25-6','10/0000015/25','referral.opted_out','2025-03-08T21:36:00Z','6c073e10559ec052','{"at":"2025-03-08T21:36:00Z","crime":"10/0000015/25","id":"10/0000015/25-6","person":"V1","type":"referral.opted_out"}',1);
INSERT INTO events VALUES(163,'10/0000015/25-5','10/0000015/25','information.given','2025-03-12T17:00:00Z','1f65e4f8ac1b0ab2','{"at":"2025-03-12T17:00:00Z","crime":"10/0000015/25","id":"10/0000015/25-5","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(164,'10/0000015/25-8','10/0000015/25','contact.made','2025-03-26T15:00:00Z','c8e52f9ca8791e9d','{"at":"2025-03-26T15:00:00Z","channel":"letter","crime":"10/0000015/25","id":"10/0000015/25-8","outcome":"letter_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(165,'10/0000015/25-3','10/0000015/25','case.closed','2025-04-02T20:36:00Z','634d401315c13269','{"at":"2025-04-02T20:36:00Z","crime":"10/0000015/25","id":"10/0000015/25-3","outcome":"victim_withdrew","type":"case.closed","reason":"investigation complete"}',1);
INSERT INTO events VALUES(166,'10/0000015/25-7','10/0000015/25','contact.made','2025-04-03T15:00:00Z','2279f9c3e8396405','{"at":"2025-04-03T15:00:00Z","channel":"phone","crime":"10/0000015/25","id":"10/0000015/25-7","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(167,'15/0000016/25-1','15/0000016/25','crime.recorded','2025-05-22T09:18:00Z','ea3020d85307d240','{"at":"2025-05-22T09:18:00Z","crime":"15/0000016/25","crime_type":"Violence and sexual offences","flags":[],"id":"15/0000016/25-1","offence_date":"2025-05-21","officer":"PC1507","type":"crime.recorded","unit":"W1"}',1);
INSERT INTO events VALUES(168,'15/0000016/25-2','15/0000016/25','person.added','2025-05-22T09:18:00Z','34400185c64c2324','{"at":"2025-05-22T09:18:00Z","crime":"15/0000016/25","date_of_birth":"1959-10-07","flags":[],"id":"15/0000016/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Mrs","given":"Aisha","family":"Ali"},"contact":{"address":"55 Ash Grove, Chester","postcode":"CH1 7GZ","phone_mobile":"07700 974430"}}',1);
INSERT INTO events VALUES(169,'15/0000016/25-7','15/0000016/25','contract.agreed','2025-05-22T09:23:00Z','311081f7ff51faf4','{"at":"2025-05-22T09:23:00Z","crime":"15/0000016/25","frequency_days":14,"id":"15/0000016/25-7","person":"V1","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(170,'15/0000016/25-9','15/0000016/25','referral.opted_out','2025-05-22T10:18:00Z','eaedce0e546ef04d','{"at":"2025-05-22T10:18:00Z","crime":"15/0000016/25","id":"15/0000016/25-9","person":"V1","type":"referral.opted_out"}',1);
INSERT INTO events VALUES(171,'15/0000016/25-3','15/0000016/25','suspect.arrested','2025-05-24T17:00:00Z','c47e8e1eaf39393f','{"at":"2025-05-24T17:00:00Z","crime":"15/0000016/25","id":"15/0000016/25-3","type":"suspect.arrested","suspect":"S1"}',1);
INSERT INTO events VALUES(172,'15/0000016/25-4','15/0000016/25','suspect.interviewed','2025-05-24T20:00:00Z','5540bb131f2a4552','{"at":"2025-05-24T20:00:00Z","crime":"15/0000016/25","id":"15/0000016/25-4","type":"suspect.interviewed","suspect":"S1"}',1);
INSERT INTO events VALUES(173,'15/0000016/25-11','15/0000016/25','contact.made','2025-05-24T21:00:00Z','cd9ac8e88a947cab','{"at":"2025-05-24T21:00:00Z","channel":"phone","crime":"15/0000016/25","id":"15/0000016/25-11","outcome":"no_answer","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(174,'15/0000016/25-5','15/0000016/25','decision.no_charge','2025-05-24T22:00:00Z','44fc1e3ef19ec3a2','{"at":"2025-05-24T22:00:00Z","crime":"15/0000016/25","id":"15/0000016/25-5","type":"decision.no_charge","vrr_eligible":true,"suspect":"S1","reason":"insufficient evidence"}',1);
INSERT INTO events VALUES(175,'15/0000016/25-13','15/0000016/25','contact.made','2025-05-24T23:00:00Z','b63b8d4ac41d2db9','{"at":"2025-05-24T23:00:00Z","channel":"phone","crime":"15/0000016/25","id":"15/0000016/25-13","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(176,'15/0000016/25-10','15/0000016/25','contact.made','2025-05-25T12:00:00Z','1e1799b7813384b8','{"at":"2025-05-25T12:00:00Z","channel":"phone","covers":["arrest"],"crime":"15/0000016/25","id":"15/0000016/25-10","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(177,'15/0000016/25-12','15/0000016/25','contact.made','2025-05-25T21:00:00Z','f797454f38ee4b0f','{"at":"2025-05-25T21:00:00Z","channel":"phone","crime":"15/0000016/25","id":"15/0000016/25-12","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(178,'15/0000016/25-8','15/0000016/25','information.given','2025-05-29T08:00:00Z','40f741726c5f391b','{"at":"2025-05-29T08:00:00Z","crime":"15/0000016/25","id":"15/0000016/25-8","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(179,'15/0000016/25-6','15/0000016/25','case.closed','2025-05-30T22:00:00Z','12b989e3d68e7ab5','{"at":"2025-05-30T22:00:00Z","crime":"15/0000016/25","id":"15/0000016/25-6","outcome":"evidential_difficulties","type":"case.closed","reason":"investigation complete"}',1);
INSERT INTO events VALUES(180,'15/0000016/25-14','15/0000016/25','contact.made','2025-05-30T23:00:00Z','7924ff0c0ef815a5','{"at":"2025-05-30T23:00:00Z","channel":"phone","crime":"15/0000016/25","id":"15/0000016/25-14","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(181,'15/0000017/25-1','15/0000017/25','crime.recorded','2025-03-10T07:30:00Z','6df529fe6e6291f8','{"at":"2025-03-10T07:30:00Z","crime":"15/0000017/25","crime_type":"Violence and sexual offences","flags":["hate_crime"],"id":"15/0000017/25-1","offence_date":"2025-03-08","officer":"PC1502","type":"crime.recorded","unit":"W1"}',1);
INSERT INTO events VALUES(182,'15/0000017/25-2','15/0000017/25','person.added','2025-03-10T07:30:00Z','01c8db3f50f4eef0','{"at":"2025-03-10T07:30:00Z","crime":"15/0000017/25","date_of_birth":"1972-12-01","flags":[],"id":"15/0000017/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Ms","given":"Dafydd","family":"Reed"},"contact":{"address":"18 Victoria Street, Swansea","postcode":"SA1 0ST","phone_mobile":"07700 932205","email":"Dafydd.Reed@example.org"}}',1);
INSERT INTO events VALUES(183,'15/0000017/25-6','15/0000017/25','contract.agreed','2025-03-10T07:35:00Z','0a2ebe04d158d033','{"at":"2025-03-10T07:35:00Z","crime":"15/0000017/25","frequency_days":14,"id":"15/0000017/25-6","person":"V1","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(184,'15/0000017/25-8','15/0000017/25','referral.opted_out','2025-03-10T08:30:00Z','a299d7256f4a8e3a','{"at":"2025-03-10T08:30:00Z","crime":"15/0000017/25","id":"15/0000017/25-8","person":"V1","type":"referral.opted_out"}',1);
INSERT INTO events VALUES(185,'15/0000017/25-7','15/0000017/25','information.given','2025-03-12T11:00:00Z','bb4086dec0ef7da0','{"at":"2025-03-12T11:00:00Z","crime":"15/0000017/25","id":"15/0000017/25-7","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(186,'15/0000017/25-3','15/0000017/25','suspect.arrested','2025-03-20T12:00:00Z','f2c8b45be7c94416','{"at":"2025-03-20T12:00:00Z","crime":"15/0000017/25","id":"15/0000017/25-3","type":"suspect.arrested","suspect":"S1"}',1);
INSERT INTO events VALUES(187,'15/0000017/25-9','15/0000017/25','contact.made','2025-03-20T13:00:00Z','1e7cc722848a537e','{"at":"2025-03-20T13:00:00Z","channel":"phone","covers":["arrest"],"crime":"15/0000017/25","id":"15/0000017/25-9","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(188,'15/0000017/25-4','15/0000017/25','decision.no_charge','2025-03-20T14:00:00Z','4d0b4962182fdd30','{"at":"2025-03-20T14:00:00Z","crime":"15/0000017/25","id":"15/0000017/25-4","type":"decision.no_charge","vrr_eligible":true,"suspect":"S1","reason":"insufficient evidence"}',1);
INSERT INTO events VALUES(189,'15/0000017/25-10','15/0000017/25','contact.made','2025-03-21T08:00:00Z','239fbd0b2bb21562','{"at":"2025-03-21T08:00:00Z","channel":"phone","covers":["no_charge"],"crime":"15/0000017/25","id":"15/0000017/25-10","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(190,'15/0000017/25-5','15/0000017/25','case.closed','2025-03-21T14:00:00Z','c996c5f800b27e63','{"at":"2025-03-21T14:00:00Z","crime":"15/0000017/25","id":"15/0000017/25-5","outcome":"evidential_difficulties","type":"case.closed","reason":"investigation complete"}',1);
INSERT INTO events VALUES(191,'15/0000017/25-11','15/0000017/25','contact.made','2025-03-22T13:00:00Z','dedb492b9975df67','{"at":"2025-03-22T13:00:00Z","channel":"phone","covers":["closure"],"crime":"15/0000017/25","id":"15/0000017/25-11","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(192,'13/0000018/25-1','13/0000018/25','crime.recorded','2025-04-29T13:49:00Z','0e8903bd90926f40','{"at":"2025-04-29T13:49:00Z","crime":"13/0000018/25","crime_type":"Violence and sexual offences","flags":["domestic_abuse","gbh_with_intent"],"id":"13/0000018/25-1","offence_date":"2025-04-29","officer":"PC1306","type":"crime.recorded","unit":"S2"}',1);
INSERT INTO events VALUES(193,'13/0000018/25-2','13/0000018/25','person.added','2025-04-29T13:49:00Z','f8895f045e8b4371','{"at":"2025-04-29T13:49:00Z","crime":"13/0000018/25","date_of_birth":"1965-04-28","flags":[],"id":"13/0000018/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Mx","given":"Ann","family":"Nowak"},"contact":{"address":"39 Park Avenue, Caernarfon","postcode":"LL55 7ET","phone_mobile":"07700 946798","email":"Ann.Nowak@example.org"}}',1);
INSERT INTO events VALUES(194,'13/0000018/25-7','13/0000018/25','contract.agreed','2025-04-29T13:54:00Z','ae600655f7d1e4c1','{"at":"2025-04-29T13:54:00Z","crime":"13/0000018/25","frequency_days":28,"id":"13/0000018/25-7","person":"V1","type":"contract.agreed","wants_updates":false}',1);
INSERT INTO events VALUES(195,'13/0000018/25-10','13/0000018/25','referral.sent','2025-04-30T08:00:00Z','a7ed47a544264eea','{"at":"2025-04-30T08:00:00Z","crime":"13/0000018/25","id":"13/0000018/25-10","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(196,'13/0000018/25-3','13/0000018/25','suspect.arrested','2025-04-30T11:00:00Z','c1a264829be83671','{"at":"2025-04-30T11:00:00Z","crime":"13/0000018/25","id":"13/0000018/25-3","type":"suspect.arrested","suspect":"S1"}',1);
INSERT INTO events VALUES(197,'13/0000018/25-9','13/0000018/25','referral.consented','2025-04-30T12:00:00Z','455cd15f0bcfa98a','{"at":"2025-04-30T12:00:00Z","crime":"13/0000018/25","id":"13/0000018/25-9","person":"V1","type":"referral.consented"}',1);
INSERT INTO events VALUES(198,'13/0000018/25-4','13/0000018/25','suspect.interviewed','2025-04-30T14:00:00Z','62da2b3ece402e95','{"at":"2025-04-30T14:00:00Z","crime":"13/0000018/25","id":"13/0000018/25-4","type":"suspect.interviewed","suspect":"S1"}',1);
INSERT INTO events VALUES(199,'13/0000018/25-5','13/0000018/25','suspect.released_nfa','2025-04-30T16:00:00Z','16ca801e4db7b97b','{"at":"2025-04-30T16:00:00Z","crime":"13/0000018/25","id":"13/0000018/25-5","type":"suspect.released_nfa","suspect":"S1"}',1);
INSERT INTO events VALUES(200,'13/0000018/25-13','13/0000018/25','contact.made','2025-05-01T15:00:00Z','61cd6a0ea0247c06','{"at":"2025-05-01T15:00:00Z","channel":"phone","covers":["released_nfa"],"crime":"13/0000018/25","id":"13/0000018/25-13","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(201,'13/0000018/25-6','13/0000018/25','case.closed','2025-05-01T16:00:00Z','5bdf522c6a94a1e8','{"at":"2025-05-01T16:00:00Z","crime":"13/0000018/25","id":"13/0000018/25-6","outcome":"evidential_difficulties","type":"case.closed","reason":"investigation complete"}',1);
INSERT INTO events VALUES(202,'13/0000018/25-8','13/0000018/25','information.given','2025-05-03T13:00:00Z','d45c4d926364c7db','{"at":"2025-05-03T13:00:00Z","crime":"13/0000018/25","id":"13/0000018/25-8","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(203,'13/0000018/25-11','13/0000018/25','contact.made','2025-05-06T09:00:00Z','b0d08fa814d197c8','{"at":"2025-05-06T09:00:00Z","channel":"phone","covers":["arrest"],"crime":"13/0000018/25","id":"13/0000018/25-11","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(204,'13/0000018/25-12','13/0000018/25','contact.made','2025-05-10T17:00:00Z','4b8c7bc03b81d44b','{"at":"2025-05-10T17:00:00Z","channel":"phone","covers":["interview"],"crime":"13/0000018/25","id":"13/0000018/25-12","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(205,'15/0000019/25-1','15/0000019/25','crime.recorded','2025-02-06T09:23:00Z','c4d6e07a6d434ec5','{"at":"2025-02-06T09:23:00Z","crime":"15/0000019/25","crime_type":"Burglary","flags":[],"id":"15/0000019/25-1","offence_date":"2025-02-04","officer":"PC1500","type":"crime.recorded","unit":"W1"}',1);
INSERT INTO events VALUES(206,'15/0000019/25-2','15/0000019/25','person.added','2025-02-06T09:23:00Z','15c72619edeead06','{"at":"2025-02-06T09:23:00Z","crime":"15/0000019/25","date_of_birth":"1991-03-14","flags":[],"id":"15/0000019/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Mx","given":"Owen","family":"Khan"},"contact":{"address":"77 Heol y Frenhines, Cardiff","postcode":"CF10 2RH","phone_mobile":"07700 986648"}}',1);
INSERT INTO events VALUES(207,'15/0000019/25-4','15/0000019/25','contract.agreed','2025-02-06T09:28:00Z','4dbe0157e2af87f3','{"at":"2025-02-06T09:28:00Z","crime":"15/0000019/25","frequency_days":14,"id":"15/0000019/25-4","person":"V1","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(208,'15/0000019/25-5','15/0000019/25','information.given','2025-02-08T08:00:00Z','d6715314eea2e962','{"at":"2025-02-08T08:00:00Z","crime":"15/0000019/25","id":"15/0000019/25-5","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(209,'15/0000019/25-6','15/0000019/25','referral.sent','2025-02-09T15:00:00Z','11332ed7079b22bf','{"at":"2025-02-09T15:00:00Z","crime":"15/0000019/25","id":"15/0000019/25-6","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(210,'15/0000019/25-8','15/0000019/25','contact.made','2025-02-25T08:00:00Z','ad8b3ef96f51d171','{"at":"2025-02-25T08:00:00Z","channel":"email","crime":"15/0000019/25","id":"15/0000019/25-8","outcome":"email_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(211,'15/0000019/25-9','15/0000019/25','contact.made','2025-03-22T08:00:00Z','a39a83ad756a9d85','{"at":"2025-03-22T08:00:00Z","channel":"phone","crime":"15/0000019/25","id":"15/0000019/25-9","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(212,'15/0000019/25-10','15/0000019/25','contact.made','2025-04-12T09:00:00Z','3842a18422507860','{"at":"2025-04-12T09:00:00Z","channel":"phone","crime":"15/0000019/25","id":"15/0000019/25-10","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(213,'15/0000019/25-11','15/0000019/25','contact.made','2025-05-07T15:00:00Z','251062495be55f91','{"at":"2025-05-07T15:00:00Z","channel":"phone","crime":"15/0000019/25","id":"15/0000019/25-11","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(214,'15/0000019/25-12','15/0000019/25','contact.made','2025-05-26T09:00:00Z','5a125c7983759119','{"at":"2025-05-26T09:00:00Z","channel":"sms","crime":"15/0000019/25","id":"15/0000019/25-12","outcome":"sms_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(215,'15/0000019/25-3','15/0000019/25','case.closed','2025-06-05T09:23:00Z','cfb8fb11dfdef5b9','{"at":"2025-06-05T09:23:00Z","crime":"15/0000019/25","id":"15/0000019/25-3","outcome":"victim_withdrew","type":"case.closed","reason":"investigation complete"}',1);
INSERT INTO events VALUES(216,'15/0000019/25-7','15/0000019/25','contact.made','2025-06-06T15:00:00Z','7fb177644e47e913','{"at":"2025-06-06T15:00:00Z","channel":"phone","covers":["closure"],"crime":"15/0000019/25","id":"15/0000019/25-7","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(217,'15/0000020/25-1','15/0000020/25','crime.recorded','2025-05-28T08:38:00Z','391ede1697fc19a5','{"at":"2025-05-28T08:38:00Z","crime":"15/0000020/25","crime_type":"Violence and sexual offences","flags":[],"id":"15/0000020/25-1","offence_date":"2025-05-27","officer":"PC1503","type":"crime.recorded","unit":"W1"}',1);
INSERT INTO events VALUES(218,'15/0000020/25-2','15/0000020/25','person.added','2025-05-28T08:38:00Z','bd2e6e62bd28d852','{"at":"2025-05-28T08:38:00Z","crime":"15/0000020/25","date_of_birth":"1978-12-06","flags":[],"id":"15/0000020/25-2","person":"V1","role":"victim","type":"person.added","name":{"title":"Mrs","given":"Kwame","family":"Khan"},"contact":{"address":"89 Mill Lane, Cardiff","postcode":"CF10 7NA","phone_mobile":"07700 937118","email":"Kwame.Khan@example.org"}}',1);
INSERT INTO events VALUES(219,'15/0000020/25-9','15/0000020/25','contract.agreed','2025-05-28T08:43:00Z','0709f7806c8308fb','{"at":"2025-05-28T08:43:00Z","crime":"15/0000020/25","frequency_days":14,"id":"15/0000020/25-9","person":"V1","type":"contract.agreed","wants_updates":true}',1);
INSERT INTO events VALUES(220,'15/0000020/25-11','15/0000020/25','referral.sent','2025-05-31T09:00:00Z','154a0ae3c62716fc','{"at":"2025-05-31T09:00:00Z","crime":"15/0000020/25","id":"15/0000020/25-11","person":"V1","type":"referral.sent"}',1);
INSERT INTO events VALUES(221,'15/0000020/25-10','15/0000020/25','information.given','2025-06-01T17:00:00Z','17d6e774e391a5b1','{"at":"2025-06-01T17:00:00Z","crime":"15/0000020/25","id":"15/0000020/25-10","item":"victims_of_crime_leaflet","person":"V1","type":"information.given"}',1);
INSERT INTO events VALUES(222,'15/0000020/25-3','15/0000020/25','suspect.arrested','2025-06-08T16:00:00Z','6f709aedbf539f5d','{"at":"2025-06-08T16:00:00Z","crime":"15/0000020/25","id":"15/0000020/25-3","type":"suspect.arrested","suspect":"S1"}',1);
INSERT INTO events VALUES(223,'15/0000020/25-4','15/0000020/25','suspect.interviewed','2025-06-08T19:00:00Z','4a1da2b151e0ed57','{"at":"2025-06-08T19:00:00Z","crime":"15/0000020/25","id":"15/0000020/25-4","type":"suspect.interviewed","suspect":"S1"}',1);
INSERT INTO events VALUES(224,'15/0000020/25-5','15/0000020/25','suspect.released_under_investigation','2025-06-08T21:00:00Z','6f441991c4cfe636','{"at":"2025-06-08T21:00:00Z","crime":"15/0000020/25","id":"15/0000020/25-5","type":"suspect.released_under_investigation","suspect":"S1"}',1);
INSERT INTO events VALUES(225,'15/0000020/25-14','15/0000020/25','contact.made','2025-06-08T22:00:00Z','453312576c0f4d08','{"at":"2025-06-08T22:00:00Z","channel":"phone","crime":"15/0000020/25","id":"15/0000020/25-14","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(226,'15/0000020/25-13','15/0000020/25','contact.made','2025-06-09T10:00:00Z','9f9bcbae9293edaf','{"at":"2025-06-09T10:00:00Z","channel":"phone","crime":"15/0000020/25","id":"15/0000020/25-13","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(227,'15/0000020/25-12','15/0000020/25','contact.made','2025-06-09T14:00:00Z','cddaa64ea1d12b4e','{"at":"2025-06-09T14:00:00Z","channel":"phone","crime":"15/0000020/25","id":"15/0000020/25-12","outcome":"spoke","person":"V1","type":"contact.made","summary":"update given"}',1);
INSERT INTO events VALUES(228,'15/0000020/25-17','15/0000020/25','contact.made','2025-06-20T15:00:00Z','43f149ad028d1bac','{"at":"2025-06-20T15:00:00Z","channel":"email","crime":"15/0000020/25","id":"15/0000020/25-17","outcome":"email_sent","person":"V1","type":"contact.made","summary":"update given"}',1);
CREATE TABLE cases (
  crime TEXT PRIMARY KEY,
  crime_type TEXT NOT NULL,
  unit TEXT NOT NULL,
  officer TEXT NOT NULL,
  recorded_on TEXT NOT NULL,
  last_event_on TEXT NOT NULL,
  computed_as_of TEXT NOT NULL,
  rule_sets TEXT NOT NULL,
  closed INTEGER NOT NULL,
  error TEXT
, stale_after TEXT);
INSERT INTO cases VALUES('10/0000007/25','Criminal damage and arson','N1','PC1002','2025-01-29','2025-02-03','2025-02-03','code-2020,witness-charter-2013',1,NULL,NULL);
INSERT INTO cases VALUES('10/0000015/25','Burglary','N1','PC1007','2025-03-08','2025-04-03','2025-04-03','code-2020,witness-charter-2013',1,NULL,NULL);
INSERT INTO cases VALUES('11/0000005/25','Shoplifting','N2','PC1104','2025-05-07','2025-05-08','2025-05-08','code-2020,witness-charter-2013',1,NULL,NULL);
INSERT INTO cases VALUES('12/0000001/25','Other theft','S1','PC1209','2025-05-29','2025-06-19','2025-06-19','code-2020,witness-charter-2013',0,NULL,'2025-07-17');
INSERT INTO cases VALUES('12/0000003/25','Other crime','S1','PC1200','2025-02-13','2025-05-20','2025-05-20','code-2020,witness-charter-2013',1,NULL,NULL);
INSERT INTO cases VALUES('12/0000004/25','Violence and sexual offences','S1','PC1208','2025-05-28','2025-06-28','2025-06-28','code-2020,witness-charter-2013',0,NULL,'2025-07-26');
INSERT INTO cases VALUES('12/0000006/25','Violence and sexual offences','S1','PC1209','2025-05-05','2025-06-24','2025-06-24','code-2020,witness-charter-2013',0,NULL,'2025-07-08');
INSERT INTO cases VALUES('12/0000008/25','Burglary','S1','PC1205','2025-01-26','2025-03-06','2025-03-06','code-2020,witness-charter-2013',1,NULL,NULL);
INSERT INTO cases VALUES('12/0000012/25','Drugs','S1','PC1202','2025-03-08','2025-06-11','2025-06-11','code-2020,witness-charter-2013',1,NULL,NULL);
INSERT INTO cases VALUES('12/0000014/25','Burglary','S1','PC1203','2025-02-20','2025-06-24','2025-06-24','code-2020,witness-charter-2013',1,NULL,NULL);
INSERT INTO cases VALUES('13/0000013/25','Burglary','S2','PC1309','2025-04-03','2025-06-28','2025-06-28','code-2020,witness-charter-2013',1,NULL,NULL);
INSERT INTO cases VALUES('13/0000018/25','Violence and sexual offences','S2','PC1306','2025-04-29','2025-05-10','2025-05-10','code-2020,witness-charter-2013',1,NULL,NULL);
INSERT INTO cases VALUES('14/0000010/25','Criminal damage and arson','E1','PC1408','2025-05-09','2025-06-29','2025-06-29','code-2020,witness-charter-2013',0,NULL,'2025-07-27');
INSERT INTO cases VALUES('14/0000011/25','Other theft','E1','PC1408','2025-03-18','2025-03-29','2025-03-29','code-2020,witness-charter-2013',1,NULL,NULL);
INSERT INTO cases VALUES('15/0000002/25','Violence and sexual offences','W1','PC1506','2025-05-28','2025-06-09','2025-06-09','code-2020,witness-charter-2013',1,NULL,NULL);
INSERT INTO cases VALUES('15/0000009/25','Violence and sexual offences','W1','PC1500','2025-05-15','2025-06-23','2025-06-23','code-2020,witness-charter-2013',0,NULL,'2025-07-21');
INSERT INTO cases VALUES('15/0000016/25','Violence and sexual offences','W1','PC1507','2025-05-22','2025-05-31','2025-05-31','code-2020,witness-charter-2013',1,NULL,NULL);
INSERT INTO cases VALUES('15/0000017/25','Violence and sexual offences','W1','PC1502','2025-03-10','2025-03-22','2025-03-22','code-2020,witness-charter-2013',1,NULL,NULL);
INSERT INTO cases VALUES('15/0000019/25','Burglary','W1','PC1500','2025-02-06','2025-06-06','2025-06-06','code-2020,witness-charter-2013',1,NULL,NULL);
INSERT INTO cases VALUES('15/0000020/25','Violence and sexual offences','W1','PC1503','2025-05-28','2025-06-20','2025-06-20','code-2020,witness-charter-2013',0,NULL,'2025-07-04');
CREATE TABLE people (
  crime TEXT NOT NULL REFERENCES cases (crime) ON DELETE CASCADE,
  person TEXT NOT NULL,
  role TEXT NOT NULL,
  represents TEXT, display_name TEXT, search_text TEXT, date_of_birth TEXT, postcode TEXT,
  PRIMARY KEY (crime, person)
);
INSERT INTO people VALUES('10/0000007/25','V1','victim',NULL,'Mr Tom Smith','mr tom smith 07700931241 tom.smith@example.org np20 0ze 28061973 19730628','1973-06-28','NP20 0ZE');
INSERT INTO people VALUES('10/0000007/25','W1','witness',NULL,'Mrs Tom Khan','mrs tom khan 07700920586 tom.khan@example.org 27112006 20061127','2006-11-27',NULL);
INSERT INTO people VALUES('10/0000015/25','V1','victim',NULL,'Ms Zofia Jones','ms zofia jones 07700986332 zofia.jones@example.org ll11 4tb 20102006 20061020','2006-10-20','LL11 4TB');
INSERT INTO people VALUES('11/0000005/25','V1','business_contact',NULL,'Mx Owen Khan','mx owen khan 07700949458 np20 7ee 25121967 19671225','1967-12-25','NP20 7EE');
INSERT INTO people VALUES('12/0000001/25','V1','victim',NULL,'Mrs Ann Okoro','mrs ann okoro 07700972502 ann.okoro@example.org m1 9at 28121955 19551228','1955-12-28','M1 9AT');
INSERT INTO people VALUES('12/0000003/25','V1','victim',NULL,'Miss Tariq Smith','miss tariq smith 07700996266 tariq.smith@example.org sa1 2pu 16121996 19961216','1996-12-16','SA1 2PU');
INSERT INTO people VALUES('12/0000004/25','V1','victim',NULL,'Dr Tom Nowak','dr tom nowak 07700980134 tom.nowak@example.org ll55 6rh 20021998 19980220','1998-02-20','LL55 6RH');
INSERT INTO people VALUES('12/0000006/25','V1','victim',NULL,'Mrs Dafydd Ali','mrs dafydd ali 07700928973 dafydd.ali@example.org ls2 2ey 02121979 19791202','1979-12-02','LS2 2EY');
INSERT INTO people VALUES('12/0000008/25','V1','victim',NULL,'Ms Ann Reed','ms ann reed 07700943162 ann.reed@example.org ch1 8wr 26071952 19520726','1952-07-26','CH1 8WR');
INSERT INTO people VALUES('12/0000014/25','V1','victim',NULL,'Mx Zofia Davies','mx zofia davies 07700964117 m1 9xd 27041967 19670427','1967-04-27','M1 9XD');
INSERT INTO people VALUES('12/0000014/25','V2','victim',NULL,'Mx Zofia Evans','mx zofia evans 07700915353 zofia.evans@example.org 04091973 19730904','1973-09-04',NULL);
INSERT INTO people VALUES('13/0000013/25','V1','victim',NULL,'Mr Jo Ali','mr jo ali 07700941493 jo.ali@example.org ls2 5as 26091976 19760926','1976-09-26','LS2 5AS');
INSERT INTO people VALUES('13/0000013/25','V2','victim',NULL,'Ms Dafydd Taylor','ms dafydd taylor 07700982030 dafydd.taylor@example.org 31031938 19380331','1938-03-31',NULL);
INSERT INTO people VALUES('13/0000018/25','V1','victim',NULL,'Mx Ann Nowak','mx ann nowak 07700946798 ann.nowak@example.org ll55 7et 28041965 19650428','1965-04-28','LL55 7ET');
INSERT INTO people VALUES('14/0000010/25','V1','victim',NULL,'Dr Tariq Ali','dr tariq ali 07700904942 ll57 8tg 03031968 19680303','1968-03-03','LL57 8TG');
INSERT INTO people VALUES('14/0000011/25','V1','victim',NULL,'Mr Imran Reed','mr imran reed 07700919074 imran.reed@example.org sa1 9qs 14121985 19851214','1985-12-14','SA1 9QS');
INSERT INTO people VALUES('15/0000002/25','V1','victim',NULL,'Dr Lee Wong','dr lee wong 07700921604 lee.wong@example.org ll55 3al 21071977 19770721','1977-07-21','LL55 3AL');
INSERT INTO people VALUES('15/0000009/25','V1','victim',NULL,'Mr Megan Ali','mr megan ali 07700967837 megan.ali@example.org cf10 0pt 25021985 19850225','1985-02-25','CF10 0PT');
INSERT INTO people VALUES('15/0000016/25','V1','victim',NULL,'Mrs Aisha Ali','mrs aisha ali 07700974430 ch1 7gz 07101959 19591007','1959-10-07','CH1 7GZ');
INSERT INTO people VALUES('15/0000017/25','V1','victim',NULL,'Ms Dafydd Reed','ms dafydd reed 07700932205 dafydd.reed@example.org sa1 0st 01121972 19721201','1972-12-01','SA1 0ST');
INSERT INTO people VALUES('15/0000019/25','V1','victim',NULL,'Mx Owen Khan','mx owen khan 07700986648 cf10 2rh 14031991 19910314','1991-03-14','CF10 2RH');
INSERT INTO people VALUES('15/0000020/25','V1','victim',NULL,'Mrs Kwame Khan','mrs kwame khan 07700937118 kwame.khan@example.org cf10 7na 06121978 19781206','1978-12-06','CF10 7NA');
CREATE TABLE obligations (
  crime TEXT NOT NULL REFERENCES cases (crime) ON DELETE CASCADE,
  n INTEGER NOT NULL,
  person TEXT NOT NULL,
  duty TEXT NOT NULL,
  instance INTEGER NOT NULL,
  rule_set TEXT NOT NULL,
  trigger_event TEXT,
  trigger_date TEXT NOT NULL,
  deadline TEXT NOT NULL,
  enhanced INTEGER NOT NULL,
  met_at TEXT,
  met_by TEXT,
  not_required TEXT,
  remind_on TEXT,
  settled INTEGER NOT NULL,
  officer TEXT NOT NULL,
  unit TEXT NOT NULL,
  crime_type TEXT NOT NULL, not_required_on TEXT, case_closed INTEGER NOT NULL DEFAULT 0, queue_line INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (crime, n)
);
INSERT INTO obligations VALUES('10/0000007/25',1,'V1','not_investigated',1,'code-2020','10/0000007/25-4','2025-01-31','2025-02-07',0,'2025-02-01','10/0000007/25-11',NULL,NULL,1,'PC1002','N1','Criminal damage and arson',NULL,1,1);
INSERT INTO obligations VALUES('10/0000007/25',2,'V1','refer_support',1,'code-2020','10/0000007/25-1','2025-01-29','2025-01-31',0,'2025-01-30','10/0000007/25-8',NULL,NULL,1,'PC1002','N1','Criminal damage and arson',NULL,1,1);
INSERT INTO obligations VALUES('10/0000007/25',3,'V1','information_leaflet',1,'code-2020','10/0000007/25-1','2025-01-29','2025-02-05',0,'2025-02-03','10/0000007/25-7',NULL,NULL,1,'PC1002','N1','Criminal damage and arson',NULL,1,1);
INSERT INTO obligations VALUES('10/0000007/25',4,'V1','closure',1,'code-2020','10/0000007/25-5','2025-01-31','2025-02-07',0,'2025-02-01','10/0000007/25-11',NULL,NULL,1,'PC1002','N1','Criminal damage and arson',NULL,1,1);
INSERT INTO obligations VALUES('10/0000007/25',5,'V1','periodic_update',1,'code-2020','10/0000007/25-1','2025-01-29','2025-02-26',0,NULL,NULL,'case_closed',NULL,1,'PC1002','N1','Criminal damage and arson','2025-01-31',1,1);
INSERT INTO obligations VALUES('10/0000007/25',6,'W1','closure',1,'witness-charter-2013','10/0000007/25-5','2025-01-31','2025-02-07',0,'2025-01-31','10/0000007/25-12',NULL,NULL,1,'PC1002','N1','Criminal damage and arson',NULL,1,1);
INSERT INTO obligations VALUES('10/0000015/25',1,'V1','refer_support',1,'code-2020','10/0000015/25-1','2025-03-08','2025-03-11',0,NULL,NULL,'referral_opted_out',NULL,1,'PC1007','N1','Burglary','2025-03-08',1,1);
INSERT INTO obligations VALUES('10/0000015/25',2,'V1','information_leaflet',1,'code-2020','10/0000015/25-1','2025-03-08','2025-03-14',0,'2025-03-12','10/0000015/25-5',NULL,NULL,1,'PC1007','N1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('10/0000015/25',3,'V1','closure',1,'code-2020','10/0000015/25-3','2025-04-02','2025-04-09',0,'2025-04-03','10/0000015/25-7',NULL,NULL,1,'PC1007','N1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('10/0000015/25',4,'V1','periodic_update',1,'code-2020','10/0000015/25-1','2025-03-08','2025-04-05',0,'2025-03-26','10/0000015/25-8',NULL,NULL,1,'PC1007','N1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('10/0000015/25',5,'V1','periodic_update',2,'code-2020',NULL,'2025-03-26','2025-04-23',0,NULL,NULL,'case_closed',NULL,1,'PC1007','N1','Burglary','2025-04-02',1,1);
INSERT INTO obligations VALUES('11/0000005/25',1,'V1','not_investigated',1,'code-2020','11/0000005/25-3','2025-05-07','2025-05-14',0,'2025-05-08','11/0000005/25-8',NULL,NULL,1,'PC1104','N2','Shoplifting',NULL,1,1);
INSERT INTO obligations VALUES('11/0000005/25',2,'V1','refer_support',1,'code-2020','11/0000005/25-1','2025-05-07','2025-05-09',0,'2025-05-07','11/0000005/25-6',NULL,NULL,1,'PC1104','N2','Shoplifting',NULL,1,1);
INSERT INTO obligations VALUES('11/0000005/25',3,'V1','information_leaflet',1,'code-2020','11/0000005/25-1','2025-05-07','2025-05-14',0,NULL,NULL,NULL,NULL,0,'PC1104','N2','Shoplifting',NULL,1,1);
INSERT INTO obligations VALUES('11/0000005/25',4,'V1','closure',1,'code-2020','11/0000005/25-4','2025-05-07','2025-05-14',0,'2025-05-08','11/0000005/25-8',NULL,NULL,1,'PC1104','N2','Shoplifting',NULL,1,1);
INSERT INTO obligations VALUES('12/0000001/25',1,'V1','refer_support',1,'code-2020','12/0000001/25-1','2025-05-29','2025-06-02',1,'2025-05-31','12/0000001/25-9',NULL,NULL,1,'PC1209','S1','Other theft',NULL,0,1);
INSERT INTO obligations VALUES('12/0000001/25',2,'V1','information_leaflet',1,'code-2020','12/0000001/25-1','2025-05-29','2025-06-05',1,'2025-06-01','12/0000001/25-8',NULL,NULL,1,'PC1209','S1','Other theft',NULL,0,1);
INSERT INTO obligations VALUES('12/0000001/25',3,'V1','arrest',1,'code-2020','12/0000001/25-3','2025-06-11','2025-06-12',1,'2025-06-12','12/0000001/25-10',NULL,NULL,1,'PC1209','S1','Other theft',NULL,0,1);
INSERT INTO obligations VALUES('12/0000001/25',4,'V1','interview',1,'code-2020','12/0000001/25-4','2025-06-11','2025-06-12',1,'2025-06-11','12/0000001/25-11',NULL,NULL,1,'PC1209','S1','Other theft',NULL,0,1);
INSERT INTO obligations VALUES('12/0000001/25',5,'V1','bail',1,'code-2020','12/0000001/25-5','2025-06-11','2025-06-12',1,'2025-06-12','12/0000001/25-10',NULL,NULL,1,'PC1209','S1','Other theft',NULL,0,1);
INSERT INTO obligations VALUES('12/0000001/25',6,'V1','periodic_update',1,'code-2020','12/0000001/25-1','2025-05-29','2025-06-26',0,'2025-06-11','12/0000001/25-11',NULL,NULL,1,'PC1209','S1','Other theft',NULL,0,1);
INSERT INTO obligations VALUES('12/0000001/25',7,'V1','periodic_update',2,'code-2020',NULL,'2025-06-11','2025-07-09',0,'2025-06-12','12/0000001/25-10',NULL,NULL,1,'PC1209','S1','Other theft',NULL,0,1);
INSERT INTO obligations VALUES('12/0000001/25',8,'V1','periodic_update',3,'code-2020',NULL,'2025-06-12','2025-07-10',0,'2025-06-19','12/0000001/25-15',NULL,NULL,1,'PC1209','S1','Other theft',NULL,0,1);
INSERT INTO obligations VALUES('12/0000001/25',9,'V1','periodic_update',4,'code-2020',NULL,'2025-06-19','2025-07-17',0,NULL,NULL,NULL,NULL,0,'PC1209','S1','Other theft',NULL,0,1);
INSERT INTO obligations VALUES('12/0000003/25',1,'V1','refer_support',1,'code-2020','12/0000003/25-1','2025-02-13','2025-02-17',0,'2025-02-15','12/0000003/25-6',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',2,'V1','information_leaflet',1,'code-2020','12/0000003/25-1','2025-02-13','2025-02-20',0,'2025-02-16','12/0000003/25-5',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',3,'V1','closure',1,'code-2020','12/0000003/25-3','2025-05-19','2025-05-27',0,'2025-05-20','12/0000003/25-7',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',4,'V1','periodic_update',1,'code-2020','12/0000003/25-1','2025-02-13','2025-02-20',0,'2025-03-05','12/0000003/25-8',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',5,'V1','periodic_update',2,'code-2020',NULL,'2025-02-21','2025-02-27',0,'2025-03-05','12/0000003/25-8',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',6,'V1','periodic_update',3,'code-2020',NULL,'2025-02-28','2025-03-06',0,'2025-03-05','12/0000003/25-8',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',7,'V1','periodic_update',4,'code-2020',NULL,'2025-03-05','2025-03-12',0,'2025-03-28','12/0000003/25-9',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',8,'V1','periodic_update',5,'code-2020',NULL,'2025-03-13','2025-03-19',0,'2025-03-28','12/0000003/25-9',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',9,'V1','periodic_update',6,'code-2020',NULL,'2025-03-20','2025-03-26',0,'2025-03-28','12/0000003/25-9',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',10,'V1','periodic_update',7,'code-2020',NULL,'2025-03-27','2025-04-02',0,'2025-03-28','12/0000003/25-9',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',11,'V1','periodic_update',8,'code-2020',NULL,'2025-03-28','2025-04-04',0,'2025-04-17','12/0000003/25-10',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',12,'V1','periodic_update',9,'code-2020',NULL,'2025-04-05','2025-04-11',0,'2025-04-17','12/0000003/25-10',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',13,'V1','periodic_update',10,'code-2020',NULL,'2025-04-12','2025-04-18',0,'2025-04-17','12/0000003/25-10',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',14,'V1','periodic_update',11,'code-2020',NULL,'2025-04-17','2025-04-24',0,'2025-05-08','12/0000003/25-11',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',15,'V1','periodic_update',12,'code-2020',NULL,'2025-04-25','2025-05-01',0,'2025-05-08','12/0000003/25-11',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',16,'V1','periodic_update',13,'code-2020',NULL,'2025-05-02','2025-05-08',0,'2025-05-08','12/0000003/25-11',NULL,NULL,1,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',17,'V1','periodic_update',14,'code-2020',NULL,'2025-05-08','2025-05-15',0,NULL,NULL,NULL,NULL,0,'PC1200','S1','Other crime',NULL,1,1);
INSERT INTO obligations VALUES('12/0000003/25',18,'V1','periodic_update',15,'code-2020',NULL,'2025-05-16','2025-05-22',0,NULL,NULL,'case_closed',NULL,1,'PC1200','S1','Other crime','2025-05-19',1,1);
INSERT INTO obligations VALUES('12/0000004/25',1,'V1','refer_support',1,'code-2020','12/0000004/25-9','2025-05-29','2025-06-02',1,'2025-05-31','12/0000004/25-10',NULL,NULL,1,'PC1208','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000004/25',2,'V1','information_leaflet',1,'code-2020','12/0000004/25-1','2025-05-28','2025-06-04',1,'2025-06-03','12/0000004/25-8',NULL,NULL,1,'PC1208','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000004/25',3,'V1','arrest',1,'code-2020','12/0000004/25-3','2025-06-10','2025-06-11',1,'2025-06-10','12/0000004/25-13',NULL,NULL,1,'PC1208','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000004/25',4,'V1','interview',1,'code-2020','12/0000004/25-4','2025-06-10','2025-06-11',1,'2025-06-10','12/0000004/25-13',NULL,NULL,1,'PC1208','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000004/25',5,'V1','bail',1,'code-2020','12/0000004/25-5','2025-06-10','2025-06-11',1,'2025-06-10','12/0000004/25-13',NULL,NULL,1,'PC1208','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000004/25',6,'V1','periodic_update',1,'code-2020','12/0000004/25-1','2025-05-28','2025-06-25',0,'2025-06-10','12/0000004/25-13',NULL,NULL,1,'PC1208','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000004/25',7,'V1','periodic_update',2,'code-2020',NULL,'2025-06-10','2025-07-08',0,'2025-06-11','12/0000004/25-11',NULL,NULL,1,'PC1208','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000004/25',8,'V1','periodic_update',3,'code-2020',NULL,'2025-06-11','2025-07-09',0,'2025-06-28','12/0000004/25-17',NULL,NULL,1,'PC1208','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000004/25',9,'V1','periodic_update',4,'code-2020',NULL,'2025-06-28','2025-07-26',0,NULL,NULL,NULL,NULL,0,'PC1208','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000006/25',1,'V1','refer_support',1,'code-2020','12/0000006/25-6','2025-05-06','2025-05-08',1,'2025-05-07','12/0000006/25-7',NULL,NULL,1,'PC1209','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000006/25',2,'V1','information_leaflet',1,'code-2020','12/0000006/25-1','2025-05-05','2025-05-12',1,'2025-05-11','12/0000006/25-5',NULL,NULL,1,'PC1209','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000006/25',3,'V1','periodic_update',1,'code-2020','12/0000006/25-1','2025-05-05','2025-05-19',0,'2025-05-28','12/0000006/25-9',NULL,NULL,1,'PC1209','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000006/25',4,'V1','periodic_update',2,'code-2020',NULL,'2025-05-20','2025-06-02',0,'2025-05-28','12/0000006/25-9',NULL,NULL,1,'PC1209','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000006/25',5,'V1','periodic_update',3,'code-2020',NULL,'2025-05-28','2025-06-11',0,'2025-06-24','12/0000006/25-10',NULL,NULL,1,'PC1209','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000006/25',6,'V1','periodic_update',4,'code-2020',NULL,'2025-06-12','2025-06-25',0,'2025-06-24','12/0000006/25-10',NULL,NULL,1,'PC1209','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000006/25',7,'V1','periodic_update',5,'code-2020',NULL,'2025-06-24','2025-07-08',0,NULL,NULL,NULL,NULL,0,'PC1209','S1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('12/0000008/25',1,'V1','refer_support',1,'code-2020','12/0000008/25-1','2025-01-26','2025-01-28',0,'2025-01-26','12/0000008/25-6',NULL,NULL,1,'PC1205','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000008/25',2,'V1','information_leaflet',1,'code-2020','12/0000008/25-1','2025-01-26','2025-01-31',0,'2025-01-27','12/0000008/25-5',NULL,NULL,1,'PC1205','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000008/25',3,'V1','closure',1,'code-2020','12/0000008/25-3','2025-03-05','2025-03-12',0,'2025-03-06','12/0000008/25-7',NULL,NULL,1,'PC1205','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000008/25',4,'V1','periodic_update',1,'code-2020','12/0000008/25-1','2025-01-26','2025-02-25',0,NULL,NULL,NULL,NULL,0,'PC1205','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000008/25',5,'V1','periodic_update',2,'code-2020',NULL,'2025-02-26','2025-03-27',0,NULL,NULL,'case_closed',NULL,1,'PC1205','S1','Burglary','2025-03-05',1,1);
INSERT INTO obligations VALUES('12/0000014/25',1,'V1','refer_support',1,'code-2020','12/0000014/25-1','2025-02-20','2025-02-24',0,'2025-02-23','12/0000014/25-6',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',2,'V1','information_leaflet',1,'code-2020','12/0000014/25-1','2025-02-20','2025-02-27',0,'2025-02-21','12/0000014/25-5',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',3,'V1','closure',1,'code-2020','12/0000014/25-4','2025-06-22','2025-06-27',0,'2025-06-23','12/0000014/25-7',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',4,'V1','periodic_update',1,'code-2020','12/0000014/25-1','2025-02-20','2025-03-20',0,'2025-03-07','12/0000014/25-8',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',5,'V1','periodic_update',2,'code-2020',NULL,'2025-03-07','2025-04-04',0,'2025-03-27','12/0000014/25-9',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',6,'V1','periodic_update',3,'code-2020',NULL,'2025-03-27','2025-04-24',0,'2025-04-16','12/0000014/25-10',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',7,'V1','periodic_update',4,'code-2020',NULL,'2025-04-16','2025-05-14',0,'2025-05-01','12/0000014/25-11',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',8,'V1','periodic_update',5,'code-2020',NULL,'2025-05-01','2025-05-29',0,'2025-05-22','12/0000014/25-12',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',9,'V1','periodic_update',6,'code-2020',NULL,'2025-05-22','2025-06-19',0,'2025-06-06','12/0000014/25-13',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',10,'V1','periodic_update',7,'code-2020',NULL,'2025-06-06','2025-07-04',0,NULL,NULL,'case_closed',NULL,1,'PC1203','S1','Burglary','2025-06-22',1,1);
INSERT INTO obligations VALUES('12/0000014/25',11,'V2','refer_support',1,'code-2020','12/0000014/25-1','2025-02-20','2025-02-24',0,'2025-02-23','12/0000014/25-16',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',12,'V2','information_leaflet',1,'code-2020','12/0000014/25-1','2025-02-20','2025-02-27',0,'2025-02-23','12/0000014/25-15',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',13,'V2','closure',1,'code-2020','12/0000014/25-4','2025-06-22','2025-06-27',0,'2025-06-24','12/0000014/25-18',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',14,'V2','periodic_update',1,'code-2020','12/0000014/25-1','2025-02-20','2025-03-20',0,'2025-03-10','12/0000014/25-19',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',15,'V2','periodic_update',2,'code-2020',NULL,'2025-03-10','2025-04-07',0,'2025-03-30','12/0000014/25-20',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',16,'V2','periodic_update',3,'code-2020',NULL,'2025-03-30','2025-04-27',0,'2025-04-21','12/0000014/25-21',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',17,'V2','periodic_update',4,'code-2020',NULL,'2025-04-21','2025-05-19',0,'2025-05-12','12/0000014/25-22',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',18,'V2','periodic_update',5,'code-2020',NULL,'2025-05-12','2025-06-09',0,'2025-06-03','12/0000014/25-23',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',19,'V2','periodic_update',6,'code-2020',NULL,'2025-06-03','2025-07-01',0,'2025-06-21','12/0000014/25-24',NULL,NULL,1,'PC1203','S1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('12/0000014/25',20,'V2','periodic_update',7,'code-2020',NULL,'2025-06-21','2025-07-19',0,NULL,NULL,'case_closed',NULL,1,'PC1203','S1','Burglary','2025-06-22',1,1);
INSERT INTO obligations VALUES('13/0000013/25',1,'V1','refer_support',1,'code-2020','13/0000013/25-1','2025-04-03','2025-04-07',0,'2025-04-04','13/0000013/25-7',NULL,NULL,1,'PC1309','S2','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('13/0000013/25',2,'V1','information_leaflet',1,'code-2020','13/0000013/25-1','2025-04-03','2025-04-10',0,'2025-04-05','13/0000013/25-6',NULL,NULL,1,'PC1309','S2','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('13/0000013/25',3,'V1','closure',1,'code-2020','13/0000013/25-4','2025-06-27','2025-07-04',0,'2025-06-28','13/0000013/25-8',NULL,NULL,1,'PC1309','S2','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('13/0000013/25',4,'V1','periodic_update',1,'code-2020','13/0000013/25-1','2025-04-03','2025-05-01',0,'2025-04-25','13/0000013/25-9',NULL,NULL,1,'PC1309','S2','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('13/0000013/25',5,'V1','periodic_update',2,'code-2020',NULL,'2025-04-25','2025-05-23',0,'2025-05-23','13/0000013/25-10',NULL,NULL,1,'PC1309','S2','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('13/0000013/25',6,'V1','periodic_update',3,'code-2020',NULL,'2025-05-23','2025-06-20',0,'2025-06-16','13/0000013/25-11',NULL,NULL,1,'PC1309','S2','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('13/0000013/25',7,'V1','periodic_update',4,'code-2020',NULL,'2025-06-16','2025-07-14',0,NULL,NULL,'case_closed',NULL,1,'PC1309','S2','Burglary','2025-06-27',1,1);
INSERT INTO obligations VALUES('13/0000013/25',8,'V2','refer_support',1,'code-2020','13/0000013/25-1','2025-04-03','2025-04-07',0,'2025-04-04','13/0000013/25-14',NULL,NULL,1,'PC1309','S2','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('13/0000013/25',9,'V2','information_leaflet',1,'code-2020','13/0000013/25-1','2025-04-03','2025-04-10',0,'2025-04-05','13/0000013/25-13',NULL,NULL,1,'PC1309','S2','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('13/0000013/25',10,'V2','closure',1,'code-2020','13/0000013/25-4','2025-06-27','2025-07-04',0,'2025-06-27','13/0000013/25-15',NULL,NULL,1,'PC1309','S2','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('13/0000013/25',11,'V2','periodic_update',1,'code-2020','13/0000013/25-1','2025-04-03','2025-05-03',0,'2025-04-23','13/0000013/25-16',NULL,NULL,1,'PC1309','S2','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('13/0000013/25',12,'V2','periodic_update',2,'code-2020',NULL,'2025-04-23','2025-05-23',0,'2025-05-19','13/0000013/25-17',NULL,NULL,1,'PC1309','S2','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('13/0000013/25',13,'V2','periodic_update',3,'code-2020',NULL,'2025-05-19','2025-06-18',0,'2025-06-14','13/0000013/25-18',NULL,NULL,1,'PC1309','S2','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('13/0000013/25',14,'V2','periodic_update',4,'code-2020',NULL,'2025-06-14','2025-07-14',0,'2025-06-27','13/0000013/25-15',NULL,NULL,1,'PC1309','S2','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('13/0000018/25',1,'V1','refer_support',1,'code-2020','13/0000018/25-9','2025-04-30','2025-05-02',1,NULL,NULL,NULL,NULL,0,'PC1306','S2','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('13/0000018/25',2,'V1','information_leaflet',1,'code-2020','13/0000018/25-1','2025-04-29','2025-05-07',1,'2025-05-03','13/0000018/25-8',NULL,NULL,1,'PC1306','S2','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('13/0000018/25',3,'V1','arrest',1,'code-2020','13/0000018/25-3','2025-04-30','2025-05-01',1,NULL,NULL,'opted_out_of_updates',NULL,1,'PC1306','S2','Violence and sexual offences','2025-04-29',1,1);
INSERT INTO obligations VALUES('13/0000018/25',4,'V1','interview',1,'code-2020','13/0000018/25-4','2025-04-30','2025-05-01',1,NULL,NULL,'opted_out_of_updates',NULL,1,'PC1306','S2','Violence and sexual offences','2025-04-29',1,1);
INSERT INTO obligations VALUES('13/0000018/25',5,'V1','released_nfa',1,'code-2020','13/0000018/25-5','2025-04-30','2025-05-01',1,'2025-05-01','13/0000018/25-13',NULL,NULL,1,'PC1306','S2','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('13/0000018/25',6,'V1','closure',1,'code-2020','13/0000018/25-6','2025-05-01','2025-05-02',1,NULL,NULL,'opted_out_of_updates',NULL,1,'PC1306','S2','Violence and sexual offences','2025-04-29',1,1);
INSERT INTO obligations VALUES('14/0000010/25',1,'V1','refer_support',1,'code-2020','14/0000010/25-1','2025-05-09','2025-05-13',0,'2025-05-09','14/0000010/25-5',NULL,NULL,1,'PC1408','E1','Criminal damage and arson',NULL,0,1);
INSERT INTO obligations VALUES('14/0000010/25',2,'V1','information_leaflet',1,'code-2020','14/0000010/25-1','2025-05-09','2025-05-16',0,'2025-05-12','14/0000010/25-4',NULL,NULL,1,'PC1408','E1','Criminal damage and arson',NULL,0,1);
INSERT INTO obligations VALUES('14/0000010/25',3,'V1','periodic_update',1,'code-2020','14/0000010/25-1','2025-05-09','2025-06-06',0,'2025-05-21','14/0000010/25-7',NULL,NULL,1,'PC1408','E1','Criminal damage and arson',NULL,0,1);
INSERT INTO obligations VALUES('14/0000010/25',4,'V1','periodic_update',2,'code-2020',NULL,'2025-05-21','2025-06-18',0,'2025-06-03','14/0000010/25-8',NULL,NULL,1,'PC1408','E1','Criminal damage and arson',NULL,0,1);
INSERT INTO obligations VALUES('14/0000010/25',5,'V1','periodic_update',3,'code-2020',NULL,'2025-06-03','2025-07-01',0,'2025-06-17','14/0000010/25-9',NULL,NULL,1,'PC1408','E1','Criminal damage and arson',NULL,0,1);
INSERT INTO obligations VALUES('14/0000010/25',6,'V1','periodic_update',4,'code-2020',NULL,'2025-06-17','2025-07-15',0,'2025-06-29','14/0000010/25-10',NULL,NULL,1,'PC1408','E1','Criminal damage and arson',NULL,0,1);
INSERT INTO obligations VALUES('14/0000010/25',7,'V1','periodic_update',5,'code-2020',NULL,'2025-06-29','2025-07-27',0,NULL,NULL,NULL,NULL,0,'PC1408','E1','Criminal damage and arson',NULL,0,1);
INSERT INTO obligations VALUES('14/0000011/25',1,'V1','refer_support',1,'code-2020','14/0000011/25-1','2025-03-18','2025-03-20',0,'2025-03-19','14/0000011/25-6',NULL,NULL,1,'PC1408','E1','Other theft',NULL,1,1);
INSERT INTO obligations VALUES('14/0000011/25',2,'V1','information_leaflet',1,'code-2020','14/0000011/25-1','2025-03-18','2025-03-25',0,'2025-03-20','14/0000011/25-5',NULL,NULL,1,'PC1408','E1','Other theft',NULL,1,1);
INSERT INTO obligations VALUES('14/0000011/25',3,'V1','closure',1,'code-2020','14/0000011/25-3','2025-03-28','2025-04-04',0,'2025-03-29','14/0000011/25-7',NULL,NULL,1,'PC1408','E1','Other theft',NULL,1,1);
INSERT INTO obligations VALUES('14/0000011/25',4,'V1','periodic_update',1,'code-2020','14/0000011/25-1','2025-03-18','2025-04-15',0,NULL,NULL,'case_closed',NULL,1,'PC1408','E1','Other theft','2025-03-28',1,1);
INSERT INTO obligations VALUES('15/0000002/25',1,'V1','refer_support',1,'code-2020','15/0000002/25-1','2025-05-28','2025-05-30',0,'2025-05-29','15/0000002/25-10',NULL,NULL,1,'PC1506','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000002/25',2,'V1','information_leaflet',1,'code-2020','15/0000002/25-1','2025-05-28','2025-06-04',0,'2025-05-31','15/0000002/25-9',NULL,NULL,1,'PC1506','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000002/25',3,'V1','arrest',1,'code-2020','15/0000002/25-3','2025-06-05','2025-06-12',0,'2025-06-05','15/0000002/25-13',NULL,NULL,1,'PC1506','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000002/25',4,'V1','interview',1,'code-2020','15/0000002/25-4','2025-06-05','2025-06-12',0,'2025-06-05','15/0000002/25-13',NULL,NULL,1,'PC1506','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000002/25',5,'V1','charge',1,'code-2020','15/0000002/25-5','2025-06-05','2025-06-12',0,'2025-06-05','15/0000002/25-13',NULL,NULL,1,'PC1506','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000002/25',6,'V1','first_hearing',1,'code-2020','15/0000002/25-6','2025-06-06','2025-06-09',0,'2025-06-06','15/0000002/25-14',NULL,NULL,1,'PC1506','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000002/25',7,'V1','periodic_update',1,'code-2020','15/0000002/25-1','2025-05-28','2025-06-27',0,'2025-06-05','15/0000002/25-13',NULL,NULL,1,'PC1506','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000002/25',8,'V1','periodic_update',2,'code-2020',NULL,'2025-06-05','2025-07-05',0,'2025-06-06','15/0000002/25-11',NULL,NULL,1,'PC1506','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000009/25',1,'V1','refer_support',1,'code-2020','15/0000009/25-1','2025-05-15','2025-05-19',0,'2025-05-16','15/0000009/25-9',NULL,NULL,1,'PC1500','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000009/25',2,'V1','information_leaflet',1,'code-2020','15/0000009/25-1','2025-05-15','2025-05-22',0,'2025-05-18','15/0000009/25-8',NULL,NULL,1,'PC1500','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000009/25',3,'V1','arrest',1,'code-2020','15/0000009/25-3','2025-05-25','2025-06-02',0,'2025-05-26','15/0000009/25-10',NULL,NULL,1,'PC1500','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000009/25',4,'V1','bail',1,'code-2020','15/0000009/25-4','2025-05-25','2025-06-02',0,'2025-05-25','15/0000009/25-11',NULL,NULL,1,'PC1500','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000009/25',5,'V1','periodic_update',1,'code-2020','15/0000009/25-1','2025-05-15','2025-06-12',0,'2025-05-25','15/0000009/25-11',NULL,NULL,1,'PC1500','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000009/25',6,'V1','periodic_update',2,'code-2020',NULL,'2025-05-25','2025-06-22',0,'2025-05-26','15/0000009/25-10',NULL,NULL,1,'PC1500','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000009/25',7,'V1','periodic_update',3,'code-2020',NULL,'2025-05-26','2025-06-23',0,'2025-06-01','15/0000009/25-14',NULL,NULL,1,'PC1500','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000009/25',8,'V1','periodic_update',4,'code-2020',NULL,'2025-06-01','2025-06-29',0,'2025-06-23','15/0000009/25-15',NULL,NULL,1,'PC1500','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000009/25',9,'V1','periodic_update',5,'code-2020',NULL,'2025-06-23','2025-07-21',0,NULL,NULL,NULL,NULL,0,'PC1500','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000016/25',1,'V1','refer_support',1,'code-2020','15/0000016/25-1','2025-05-22','2025-05-27',0,NULL,NULL,'referral_opted_out',NULL,1,'PC1507','W1','Violence and sexual offences','2025-05-22',1,1);
INSERT INTO obligations VALUES('15/0000016/25',2,'V1','information_leaflet',1,'code-2020','15/0000016/25-1','2025-05-22','2025-05-30',0,'2025-05-29','15/0000016/25-8',NULL,NULL,1,'PC1507','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000016/25',3,'V1','arrest',1,'code-2020','15/0000016/25-3','2025-05-24','2025-06-02',0,'2025-05-25','15/0000016/25-13',NULL,NULL,1,'PC1507','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000016/25',4,'V1','interview',1,'code-2020','15/0000016/25-4','2025-05-24','2025-06-02',0,'2025-05-25','15/0000016/25-13',NULL,NULL,1,'PC1507','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000016/25',5,'V1','no_charge',1,'code-2020','15/0000016/25-5','2025-05-24','2025-06-02',0,'2025-05-25','15/0000016/25-13',NULL,NULL,1,'PC1507','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000016/25',6,'V1','closure',1,'code-2020','15/0000016/25-6','2025-05-30','2025-06-06',0,'2025-05-31','15/0000016/25-14',NULL,NULL,1,'PC1507','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000016/25',7,'V1','periodic_update',1,'code-2020','15/0000016/25-1','2025-05-22','2025-06-05',0,'2025-05-25','15/0000016/25-13',NULL,NULL,1,'PC1507','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000016/25',8,'V1','periodic_update',2,'code-2020',NULL,'2025-05-25','2025-06-08',0,NULL,NULL,'case_closed',NULL,1,'PC1507','W1','Violence and sexual offences','2025-05-30',1,1);
INSERT INTO obligations VALUES('15/0000017/25',1,'V1','refer_support',1,'code-2020','15/0000017/25-1','2025-03-10','2025-03-12',1,NULL,NULL,'referral_opted_out',NULL,1,'PC1502','W1','Violence and sexual offences','2025-03-10',1,1);
INSERT INTO obligations VALUES('15/0000017/25',2,'V1','information_leaflet',1,'code-2020','15/0000017/25-1','2025-03-10','2025-03-17',1,'2025-03-12','15/0000017/25-7',NULL,NULL,1,'PC1502','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000017/25',3,'V1','arrest',1,'code-2020','15/0000017/25-3','2025-03-20','2025-03-21',1,'2025-03-20','15/0000017/25-9',NULL,NULL,1,'PC1502','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000017/25',4,'V1','no_charge',1,'code-2020','15/0000017/25-4','2025-03-20','2025-03-21',1,'2025-03-21','15/0000017/25-10',NULL,NULL,1,'PC1502','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000017/25',5,'V1','closure',1,'code-2020','15/0000017/25-5','2025-03-21','2025-03-24',1,'2025-03-22','15/0000017/25-11',NULL,NULL,1,'PC1502','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000017/25',6,'V1','periodic_update',1,'code-2020','15/0000017/25-1','2025-03-10','2025-03-24',0,'2025-03-20','15/0000017/25-9',NULL,NULL,1,'PC1502','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000017/25',7,'V1','periodic_update',2,'code-2020',NULL,'2025-03-20','2025-04-03',0,'2025-03-21','15/0000017/25-10',NULL,NULL,1,'PC1502','W1','Violence and sexual offences',NULL,1,1);
INSERT INTO obligations VALUES('15/0000019/25',1,'V1','refer_support',1,'code-2020','15/0000019/25-1','2025-02-06','2025-02-10',0,'2025-02-09','15/0000019/25-6',NULL,NULL,1,'PC1500','W1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('15/0000019/25',2,'V1','information_leaflet',1,'code-2020','15/0000019/25-1','2025-02-06','2025-02-13',0,'2025-02-08','15/0000019/25-5',NULL,NULL,1,'PC1500','W1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('15/0000019/25',3,'V1','closure',1,'code-2020','15/0000019/25-3','2025-06-05','2025-06-12',0,'2025-06-06','15/0000019/25-7',NULL,NULL,1,'PC1500','W1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('15/0000019/25',4,'V1','periodic_update',1,'code-2020','15/0000019/25-1','2025-02-06','2025-02-20',0,'2025-02-25','15/0000019/25-8',NULL,NULL,1,'PC1500','W1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('15/0000019/25',5,'V1','periodic_update',2,'code-2020',NULL,'2025-02-21','2025-03-06',0,'2025-02-25','15/0000019/25-8',NULL,NULL,1,'PC1500','W1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('15/0000019/25',6,'V1','periodic_update',3,'code-2020',NULL,'2025-02-25','2025-03-11',0,'2025-03-22','15/0000019/25-9',NULL,NULL,1,'PC1500','W1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('15/0000019/25',7,'V1','periodic_update',4,'code-2020',NULL,'2025-03-12','2025-03-25',0,'2025-03-22','15/0000019/25-9',NULL,NULL,1,'PC1500','W1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('15/0000019/25',8,'V1','periodic_update',5,'code-2020',NULL,'2025-03-22','2025-04-05',0,'2025-04-12','15/0000019/25-10',NULL,NULL,1,'PC1500','W1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('15/0000019/25',9,'V1','periodic_update',6,'code-2020',NULL,'2025-04-06','2025-04-19',0,'2025-04-12','15/0000019/25-10',NULL,NULL,1,'PC1500','W1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('15/0000019/25',10,'V1','periodic_update',7,'code-2020',NULL,'2025-04-12','2025-04-26',0,'2025-05-07','15/0000019/25-11',NULL,NULL,1,'PC1500','W1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('15/0000019/25',11,'V1','periodic_update',8,'code-2020',NULL,'2025-04-27','2025-05-10',0,'2025-05-07','15/0000019/25-11',NULL,NULL,1,'PC1500','W1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('15/0000019/25',12,'V1','periodic_update',9,'code-2020',NULL,'2025-05-07','2025-05-21',0,'2025-05-26','15/0000019/25-12',NULL,NULL,1,'PC1500','W1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('15/0000019/25',13,'V1','periodic_update',10,'code-2020',NULL,'2025-05-22','2025-06-04',0,'2025-05-26','15/0000019/25-12',NULL,NULL,1,'PC1500','W1','Burglary',NULL,1,1);
INSERT INTO obligations VALUES('15/0000019/25',14,'V1','periodic_update',11,'code-2020',NULL,'2025-05-26','2025-06-09',0,NULL,NULL,'case_closed',NULL,1,'PC1500','W1','Burglary','2025-06-05',1,1);
INSERT INTO obligations VALUES('15/0000020/25',1,'V1','refer_support',1,'code-2020','15/0000020/25-1','2025-05-28','2025-05-30',0,'2025-05-31','15/0000020/25-11',NULL,NULL,1,'PC1503','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000020/25',2,'V1','information_leaflet',1,'code-2020','15/0000020/25-1','2025-05-28','2025-06-04',0,'2025-06-01','15/0000020/25-10',NULL,NULL,1,'PC1503','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000020/25',3,'V1','arrest',1,'code-2020','15/0000020/25-3','2025-06-08','2025-06-13',0,'2025-06-08','15/0000020/25-14',NULL,NULL,1,'PC1503','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000020/25',4,'V1','interview',1,'code-2020','15/0000020/25-4','2025-06-08','2025-06-13',0,'2025-06-08','15/0000020/25-14',NULL,NULL,1,'PC1503','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000020/25',5,'V1','released_under_investigation',1,'code-2020','15/0000020/25-5','2025-06-08','2025-06-13',0,'2025-06-08','15/0000020/25-14',NULL,NULL,1,'PC1503','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000020/25',6,'V1','periodic_update',1,'code-2020','15/0000020/25-1','2025-05-28','2025-06-11',0,'2025-06-08','15/0000020/25-14',NULL,NULL,1,'PC1503','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000020/25',7,'V1','periodic_update',2,'code-2020',NULL,'2025-06-08','2025-06-22',0,'2025-06-09','15/0000020/25-13',NULL,NULL,1,'PC1503','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000020/25',8,'V1','periodic_update',3,'code-2020',NULL,'2025-06-09','2025-06-23',0,'2025-06-20','15/0000020/25-17',NULL,NULL,1,'PC1503','W1','Violence and sexual offences',NULL,0,1);
INSERT INTO obligations VALUES('15/0000020/25',9,'V1','periodic_update',4,'code-2020',NULL,'2025-06-20','2025-07-04',0,NULL,NULL,NULL,NULL,0,'PC1503','W1','Violence and sexual offences',NULL,0,1);
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  unit TEXT NOT NULL,
  officer TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
, full_name TEXT NOT NULL DEFAULT '', collar TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '');
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  crime TEXT,
  person TEXT,
  detail TEXT,
  source TEXT
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE leave (
  id INTEGER PRIMARY KEY,
  officer TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  reason TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
, cover TEXT);
CREATE TABLE call_backs (
  id INTEGER PRIMARY KEY,
  crime TEXT NOT NULL,
  person TEXT NOT NULL,
  request TEXT NOT NULL,
  raised_by TEXT NOT NULL,
  raised_at TEXT NOT NULL,
  done_at TEXT,
  done_by TEXT,
  outcome TEXT
, assigned_to TEXT);
CREATE TABLE units (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  bcu TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE shifts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  crime TEXT NOT NULL,
  person TEXT NOT NULL,
  channel TEXT NOT NULL,        -- email, sms, letter
  recipient TEXT NOT NULL,      -- address, number, or postal address
  template TEXT NOT NULL,
  lang TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL,
  status TEXT NOT NULL,         -- created, sending, delivered, failed, suppressed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
, provider_id TEXT NOT NULL DEFAULT '');
CREATE TABLE message_templates (
  id INTEGER PRIMARY KEY,
  template TEXT NOT NULL,
  lang TEXT NOT NULL,
  version INTEGER NOT NULL,
  text TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (template, lang, version)
);
CREATE TABLE referrals (
  referral_key TEXT PRIMARY KEY,
  crime TEXT NOT NULL,
  person TEXT NOT NULL,
  sent_by TEXT NOT NULL,      -- file:PATH or http:URL
  status TEXT NOT NULL,       -- sent
  created_at TEXT NOT NULL
, status_at TEXT NOT NULL DEFAULT '', status_note TEXT NOT NULL DEFAULT '');
CREATE TABLE assessments (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,            -- "force" or the BCU's name
  assessed_on TEXT NOT NULL,      -- YYYY-MM-DD
  assessor TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (scope, assessed_on, assessor)
);
CREATE TABLE assessment_scores (
  assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  indicator TEXT NOT NULL,        -- "2.6"
  score INTEGER CHECK (score BETWEEN 0 AND 4),  -- NULL: not scored yet
  note TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '',  -- links, one per line
  PRIMARY KEY (assessment_id, indicator)
);
CREATE TABLE assessment_actions (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,
  indicator TEXT NOT NULL,
  action TEXT NOT NULL,
  owner TEXT NOT NULL,
  due TEXT NOT NULL,              -- YYYY-MM-DD
  status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'dropped')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "api_tokens" (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users (id),
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE missed_acknowledgements (
  crime TEXT NOT NULL,
  person TEXT NOT NULL,
  duty TEXT NOT NULL,
  instance INTEGER NOT NULL,
  note TEXT NOT NULL,
  acknowledged_by TEXT NOT NULL,
  acknowledged_at TEXT NOT NULL,
  PRIMARY KEY (crime, person, duty, instance)
);
CREATE INDEX events_by_crime ON events (crime, seq);
CREATE INDEX audit_by_crime ON audit_log (crime, at);
CREATE INDEX audit_by_user ON audit_log (user_name, at);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX leave_by_officer ON leave (officer, ends_on);
CREATE INDEX call_backs_open ON call_backs (crime) WHERE done_at IS NULL;
CREATE INDEX call_backs_by_crime ON call_backs (crime, raised_at);
CREATE INDEX shifts_by_user ON shifts (user_id, starts_at);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_crime ON outbox (crime, id);
CREATE INDEX referrals_by_crime ON referrals (crime);
CREATE INDEX assessment_actions_by_scope ON assessment_actions (scope, due);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX call_backs_assigned ON call_backs (assigned_to) WHERE done_at IS NULL;
CREATE INDEX cases_by_officer ON cases (officer, last_event_on);
CREATE INDEX cases_by_unit ON cases (unit, last_event_on);
CREATE INDEX cases_stale ON cases (stale_after) WHERE stale_after IS NOT NULL;
CREATE INDEX cases_stale_by_officer ON cases (officer, stale_after) WHERE stale_after IS NOT NULL;
CREATE INDEX cases_stale_by_unit ON cases (unit, stale_after) WHERE stale_after IS NOT NULL;
CREATE INDEX obligations_by_deadline ON obligations (deadline);
CREATE INDEX obligations_missed_by_unit ON obligations (unit, deadline)
  WHERE settled = 0 AND case_closed = 1;
CREATE INDEX obligations_open_by_duty ON obligations (duty, deadline) WHERE settled = 0;
CREATE INDEX obligations_open_by_officer ON obligations (officer, deadline, trigger_date, queue_line)
  WHERE settled = 0 AND case_closed = 0;
CREATE INDEX obligations_open_by_unit ON obligations (unit, deadline, trigger_date, queue_line)
  WHERE settled = 0 AND case_closed = 0;
COMMIT;
