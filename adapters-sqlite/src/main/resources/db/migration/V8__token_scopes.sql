-- Token scopes: what a user's token may do on which queues, written as in TokenScopes
-- ("enqueue:images read:* work:images", space-separated, sorted; '' for none). An administrator's
-- token may do everything and has none.
--
-- Before scopes, every user token could enqueue to, work on and read every queue. Those tokens keep
-- exactly that, written out, so an upgrade takes nothing away; tokens made from now on get only the
-- scopes they are given.

ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT '' CHECK (length(scopes) <= 10000);

UPDATE api_tokens SET scopes = 'enqueue:* work:* read:*' WHERE admin = 0;
