-- Personal exports (GDPR articles 15 and 20): each request, its progress, and where its zip is (GridFS bucket
-- "exports", under the export's id) until it expires. Built by whichever node claims it (a lease, as erasures are).
CREATE TABLE personal_export (
    export_id     VARCHAR(64)  PRIMARY KEY,
    user_id       VARCHAR(64)  NOT NULL REFERENCES account (user_id) ON DELETE CASCADE,
    requested_by  VARCHAR(64)  NOT NULL,
    status        VARCHAR(16)  NOT NULL DEFAULT 'running',
    progress      REAL         NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at   TIMESTAMPTZ,
    expires_at    TIMESTAMPTZ,
    size_bytes    BIGINT,
    sha256        CHAR(64),
    lease         TIMESTAMPTZ,
    attempts      INT          NOT NULL DEFAULT 0
);
CREATE INDEX personal_export_user ON personal_export (user_id, created_at);
CREATE INDEX personal_export_running ON personal_export (created_at) WHERE status = 'running';
CREATE INDEX personal_export_expiring ON personal_export (expires_at) WHERE expires_at IS NOT NULL;
