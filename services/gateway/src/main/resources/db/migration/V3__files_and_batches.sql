-- Files (batch input and output) and batches with their request lines.
-- Portable SQL: the same migration runs on PostgreSQL and on H2 (PostgreSQL mode).

-- A file's metadata. The row is written once its content is complete: a file without a row does not exist.
CREATE TABLE files (
    id          VARCHAR(40)              NOT NULL PRIMARY KEY,
    key_id      VARCHAR(40)              NOT NULL,
    filename    VARCHAR(512)             NOT NULL,
    -- batch (uploaded input) or batch_output (written for a batch)
    purpose     VARCHAR(16)              NOT NULL,
    bytes       BIGINT                   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE
);

CREATE INDEX files_key_created ON files (key_id, created_at);
CREATE INDEX files_expires ON files (expires_at);

-- A file's content in parts of at most 1 MiB (DatabaseFileStore): read and written as streams, never whole.
-- written_at: parts that no files row owns and whose newest part is old are a write cut short (a gateway killed
-- mid-upload) and are deleted by the file sweeper; an upload in progress writes a part at least every few minutes
-- (the slow-sender limits), so it is never taken for one.
CREATE TABLE file_parts (
    file_id    VARCHAR(40)              NOT NULL,
    part       INTEGER                  NOT NULL,
    data       BYTEA                    NOT NULL,
    written_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    PRIMARY KEY (file_id, part)
);

CREATE TABLE batches (
    id                VARCHAR(40)              NOT NULL PRIMARY KEY,
    key_id            VARCHAR(40)              NOT NULL,
    -- file (OpenAI's form: input_file_id) or inline (the seed's form: inputs in the request)
    form              VARCHAR(8)               NOT NULL,
    endpoint          VARCHAR(32)              NOT NULL,
    input_file_id     VARCHAR(40),
    completion_window VARCHAR(8)               NOT NULL,
    -- validating, in_progress, finalizing, completed, failed, expired, cancelling, cancelled
    status            VARCHAR(16)              NOT NULL,
    -- JSON object of at most 16 string pairs
    metadata          VARCHAR(20000),
    -- seconds after creation that the output and error files expire; NULL = the default
    output_expires_after BIGINT,
    -- JSON array of BatchError objects (validation)
    errors            VARCHAR(200000),
    output_file_id    VARCHAR(40),
    error_file_id     VARCHAR(40),
    -- W3C traceparent of the request that created the batch: every line's span links to it
    traceparent       VARCHAR(128),
    -- the worker that validates or finalizes the batch, and until when (a worker killed mid-step loses its lease)
    lease_owner       VARCHAR(80),
    lease_until       TIMESTAMP WITH TIME ZONE,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    in_progress_at    TIMESTAMP WITH TIME ZONE,
    finalizing_at     TIMESTAMP WITH TIME ZONE,
    completed_at      TIMESTAMP WITH TIME ZONE,
    failed_at         TIMESTAMP WITH TIME ZONE,
    expired_at        TIMESTAMP WITH TIME ZONE,
    cancelling_at     TIMESTAMP WITH TIME ZONE,
    cancelled_at      TIMESTAMP WITH TIME ZONE
);

CREATE INDEX batches_key_created ON batches (key_id, created_at);
CREATE INDEX batches_status ON batches (status);

-- One request of a batch, from queued to its result. Workers claim queued lines (and running lines whose lease
-- expired) with SELECT ... FOR UPDATE SKIP LOCKED; the result, and the line's ledger row, are written in one
-- transaction that only commits while the worker still holds the lease: a line is answered and billed once.
CREATE TABLE batch_lines (
    batch_id          VARCHAR(40)              NOT NULL,
    line_no           INTEGER                  NOT NULL,
    key_id            VARCHAR(40)              NOT NULL,
    custom_id         VARCHAR(512)             NOT NULL,
    body              VARCHAR                  NOT NULL,
    -- queued, running, succeeded, failed, cancelled, expired
    state             VARCHAR(12)              NOT NULL,
    -- not claimed before this (a line put back after its key's batch share was used up)
    not_before        TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_owner       VARCHAR(80),
    lease_until       TIMESTAMP WITH TIME ZONE,
    attempts          INTEGER                  NOT NULL,
    request_id        VARCHAR(64),
    status_code       INTEGER,
    -- the response body (JSON) of a line that ran, or the error object of one that failed
    response          VARCHAR,
    error_code        VARCHAR(64),
    prompt_tokens     BIGINT,
    completion_tokens BIGINT,
    finished_at       TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (batch_id, line_no)
);

CREATE INDEX batch_lines_queue ON batch_lines (state, not_before);
CREATE INDEX batch_lines_batch_state ON batch_lines (batch_id, state);

-- Ledger rows of batch lines name their batch: /v1/usage reports batch spend apart.
ALTER TABLE usage_ledger ADD COLUMN batch_id VARCHAR(40);
