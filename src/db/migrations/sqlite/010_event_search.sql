-- 010: 1.3 Integración de estados del trámite lists the state changes of one
-- OCE code's documents by time, and searches them: each event carries its
-- document's OCE code (an index by code and time, so the list never scans
-- other OCEs' events) and a folded text to search (número de entrega, type,
-- new state, reason; folded in C by core/fold.c when written).  Events
-- written before this migration get an ASCII-lower-cased text instead.
ALTER TABLE document_event ADD COLUMN oce_code TEXT NOT NULL DEFAULT '';
ALTER TABLE document_event ADD COLUMN search_fold TEXT NOT NULL DEFAULT '';
UPDATE document_event SET
    oce_code = (SELECT d.oce_code FROM document d WHERE d.id = document_event.document_id),
    search_fold = lower((SELECT COALESCE(d.numero, '') || ' ' || d.doc_type FROM document d
                         WHERE d.id = document_event.document_id) || ' ' || to_state || ' ' || reason);
CREATE INDEX document_event_oce ON document_event (oce_code, at DESC, id DESC);
