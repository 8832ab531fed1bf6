-- 014: 1.1 (making a document) and 1.8 (what was sent) are for the OCE types
-- that send at least one document type (doc_type_sender): a temporary or
-- customs warehouse, a port operator or a free zone sends none of them yet,
-- so their menus do not offer screens that would always be empty.
DELETE FROM menu_access
 WHERE option_id IN ('1.1', '1.8')
   AND oce_type NOT IN (SELECT oce_type FROM doc_type_sender);
