-- Schema version 2: find a project's facts across documents. The index
-- facts_project (doc_id, project) serves one document's projects; an
-- analyst's "all indicators of project X" scanned every project fact.
CREATE INDEX facts_project_name ON facts (project, doc_id) WHERE project IS NOT NULL;
