-- When each part of a file's content was written. Parts that no files row owns and whose newest part is old are
-- a write cut short (a gateway killed mid-upload) and are deleted by the file sweeper; an upload in progress
-- writes a part at least every few minutes (the slow-sender limits), so it is never taken for one.
ALTER TABLE file_parts ADD COLUMN written_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
