-- Per-key limits (NULL = the tier's default, see novai.tiers) and the usage ledger.
-- Portable SQL: the same migration runs on PostgreSQL and on H2 (PostgreSQL mode).
ALTER TABLE api_keys ADD COLUMN tier VARCHAR(32) DEFAULT 'standard' NOT NULL;
ALTER TABLE api_keys ADD COLUMN rpm_limit BIGINT;
ALTER TABLE api_keys ADD COLUMN tpm_limit BIGINT;
-- budget in micro-USD per budget period
ALTER TABLE api_keys ADD COLUMN budget_micro_usd BIGINT;
ALTER TABLE api_keys ADD COLUMN budget_period VARCHAR(8);
-- JSON array of model ids; NULL = every model
ALTER TABLE api_keys ADD COLUMN allowed_models VARCHAR(20000);

-- One row per billable request: the system of record for spend and /v1/usage. The id is made by the
-- gateway for each request and makes the write idempotent (a retried insert never bills twice).
CREATE TABLE usage_ledger (
    id                VARCHAR(40)              NOT NULL PRIMARY KEY,
    request_id        VARCHAR(128)             NOT NULL,
    key_id            VARCHAR(40)              NOT NULL,
    endpoint          VARCHAR(32)              NOT NULL,
    model             VARCHAR(200)             NOT NULL,
    provider          VARCHAR(200),
    prompt_tokens     BIGINT                   NOT NULL,
    completion_tokens BIGINT                   NOT NULL,
    -- exact: token counts times prices in micro-USD per million tokens
    cost_usd          NUMERIC(24, 12)          NOT NULL,
    status            VARCHAR(16)              NOT NULL,
    stream            BOOLEAN                  NOT NULL,
    latency_ms        BIGINT                   NOT NULL,
    ttft_ms           BIGINT,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    -- UTC day of finished_at: the day /v1/usage and budgets count the request in
    usage_date        DATE                     NOT NULL
);

CREATE INDEX usage_ledger_key_date ON usage_ledger (key_id, usage_date);
CREATE INDEX usage_ledger_date ON usage_ledger (usage_date);
