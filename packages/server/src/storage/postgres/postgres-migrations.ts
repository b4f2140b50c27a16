/**
 * The PostgreSQL schema, as versioned migrations of its own (the SQLite ones describe another engine's history).
 * Each runs once, in its own transaction, under an advisory lock so nodes starting together migrate once, and is
 * recorded in `schema_migrations`. A node finding a version above the last one it knows refuses to start.
 */
export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

// The default RACI rows, written out so this shipped migration never changes when the code default does.
const RACI_SEED: Array<[string, Record<string, string>]> = [
  ['Infrastructure', { DevOps: 'PRIMARY', 'Data Science': 'SUPPORT', InfoSec: 'REVIEW', Business: 'INFORMED' }],
  ['API Performance', { DevOps: 'PRIMARY', 'Data Science': 'CONSULT', InfoSec: 'REVIEW', Business: 'ACCOUNTABLE' }],
  ['Model Accuracy', { DevOps: 'SUPPORT', 'Data Science': 'PRIMARY', InfoSec: 'REVIEW', Business: 'ACCOUNTABLE' }],
  ['Data Quality', { DevOps: 'SUPPORT', 'Data Science': 'PRIMARY', InfoSec: 'CONSULT', Business: 'INFORMED' }],
  ['Security Events', { DevOps: 'SUPPORT', 'Data Science': 'INFORMED', InfoSec: 'PRIMARY', Business: 'INFORMED' }],
  ['Cost Monitoring', { DevOps: 'CONSULT', 'Data Science': 'INFORMED', InfoSec: 'INFORMED', Business: 'PRIMARY' }],
  ['Compliance', { DevOps: 'SUPPORT', 'Data Science': 'CONSULT', InfoSec: 'PRIMARY', Business: 'ACCOUNTABLE' }],
];
const text = (s: string) => `'${s.replaceAll("'", "''")}'`;
const documents = ['alert_teams', 'alert_channels', 'alert_silences', 'alert_maintenance_windows', 'alert_slos'];

export const POSTGRES_MIGRATIONS: PostgresMigration[] = [
  {
    version: 1,
    name: 'writers, events in day partitions, labels, rollups, model windows, keys, references, cardinality',
    sql: `
      -- One row per writer (a node's store handle): its watermarks, its fencing epoch and a heartbeat. A node
      -- holds its writer's advisory lock while alive; a writer whose lock is free and heartbeat stale is adopted.
      CREATE TABLE writers (
        id bigserial PRIMARY KEY,
        node text NOT NULL,
        epoch bigint NOT NULL DEFAULT 1,
        started_at bigint NOT NULL,
        heartbeat_at bigint NOT NULL,
        retired_at bigint,
        rollup_wm bigint NOT NULL DEFAULT 0,
        segment_wm bigint NOT NULL DEFAULT 0,
        window_event_wm bigint NOT NULL DEFAULT 0,
        window_label_wm bigint NOT NULL DEFAULT 0
      );
      -- Event ids are handed out in chunks of 65,536 (chunk n = ids n*65536 .. n*65536+65535): a writer numbers
      -- its blocks from its chunk, so one append's ids are contiguous and no id is given twice.
      CREATE SEQUENCE event_id_chunks START 1;

      CREATE TABLE event_blocks (
        id bigint NOT NULL,            -- the first event's id; the block holds id .. last_id
        last_id bigint NOT NULL,
        writer_id bigint NOT NULL,
        model text NOT NULL,
        min_ts bigint NOT NULL,
        max_ts bigint NOT NULL,        -- max_ts - min_ts < 1 hour
        received_at bigint NOT NULL,   -- the earliest receipt time: the partition key
        keys bigint[] NOT NULL,        -- each event's request key (storage/request-key.ts), 0 when assigned
        times integer[] NOT NULL,      -- each event's timestamp - min_ts
        events bytea NOT NULL          -- Brotli-compressed JSON (storage/event-blocks.ts)
      ) PARTITION BY RANGE (received_at);
      CREATE INDEX event_blocks_writer_id ON event_blocks (writer_id, id);
      CREATE INDEX event_blocks_id ON event_blocks (id);
      CREATE INDEX event_blocks_model_ts ON event_blocks (model, max_ts);
      CREATE INDEX event_blocks_ts ON event_blocks (max_ts);
      -- Request-id lookups: GIN's pending list batches the random keys instead of a b-tree page per event.
      CREATE INDEX event_blocks_keys ON event_blocks USING gin (keys) WITH (fastupdate = on);

      CREATE TABLE labels (
        id bigserial PRIMARY KEY,
        writer_id bigint NOT NULL,
        model text NOT NULL,
        request_id text NOT NULL,
        label text NOT NULL,
        ts bigint NOT NULL,
        received_at bigint NOT NULL,
        matched boolean
      );
      CREATE INDEX labels_writer ON labels (writer_id, id);
      CREATE INDEX labels_model_ts ON labels (model, ts);
      CREATE INDEX labels_received ON labels (received_at);

      -- Calls' cells have segment ''; segment cells name theirs ("region=eu").
      CREATE TABLE rollups (
        level bigint NOT NULL,
        bucket bigint NOT NULL,
        model text NOT NULL,
        segment text NOT NULL,
        endpoint text NOT NULL,
        calls bigint NOT NULL,
        errors bigint NOT NULL,
        error_types text NOT NULL,
        cost_usd double precision NOT NULL,
        cost_count bigint NOT NULL,
        input_tokens bigint NOT NULL,
        output_tokens bigint NOT NULL,
        latency bytea NOT NULL,
        ttft bytea NOT NULL,
        PRIMARY KEY (level, bucket, model, segment, endpoint)
      );
      CREATE INDEX rollups_model ON rollups (level, model, segment, bucket);

      CREATE TABLE model_endpoints (
        model text NOT NULL,
        endpoint text NOT NULL,
        model_version text NOT NULL,
        model_type text,
        first_seen bigint NOT NULL,
        last_seen bigint NOT NULL,
        PRIMARY KEY (model, endpoint, model_version)
      );

      CREATE TABLE model_windows (
        model text NOT NULL,
        bucket bigint NOT NULL,
        rows bigint NOT NULL,
        labels bigint NOT NULL,
        profile bytea NOT NULL,
        performance text NOT NULL,
        PRIMARY KEY (model, bucket)
      );

      CREATE TABLE model_references (
        model text PRIMARY KEY,
        source text NOT NULL,
        window_from bigint,
        window_to bigint,
        rows bigint NOT NULL,
        profile bytea NOT NULL,
        created_at bigint NOT NULL
      );

      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'ingest', 'read')),
        hash text NOT NULL UNIQUE,
        created_at bigint NOT NULL,
        revoked_at bigint
      );

      CREATE TABLE cardinality_names (
        kind text NOT NULL,
        model text NOT NULL,
        name text NOT NULL,
        key_id text,
        first_seen bigint NOT NULL,
        PRIMARY KEY (kind, model, name)
      );

      CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
      INSERT INTO meta (key, value) VALUES ('alert_rules_revision', '0');
    `,
  },
  {
    version: 2,
    name: 'alerting, incidents, governance, cost, coverage history',
    sql: `
      CREATE TABLE alert_rules (
        id text PRIMARY KEY,
        body text NOT NULL,
        source text NOT NULL,
        version bigint NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE TABLE alert_state (rule_id text PRIMARY KEY, body text NOT NULL, saved_at bigint NOT NULL);
      CREATE TABLE incidents (
        id text PRIMARY KEY,
        group_key text NOT NULL,
        title text NOT NULL,
        area text NOT NULL,
        severity text NOT NULL,
        model text,
        endpoint text,
        team text NOT NULL,
        status text NOT NULL,
        opened_at bigint NOT NULL,
        acknowledged_at bigint,
        acknowledged_by text,
        resolved_at bigint,
        resolved_by text,
        cause text,
        false_positive integer NOT NULL DEFAULT 0,
        impact_usd_per_hour double precision,
        customer_facing integer NOT NULL DEFAULT 0,
        runbook text,
        links text NOT NULL,
        participants text NOT NULL,
        rule_ids text NOT NULL,
        fingerprints text NOT NULL,
        paged_channels text NOT NULL,
        escalation text
      );
      -- At most one active incident per alert group, whatever node opens it: a second open fails.
      CREATE UNIQUE INDEX incidents_one_active ON incidents (group_key) WHERE status <> 'resolved';
      CREATE INDEX incidents_opened ON incidents (opened_at);
      CREATE TABLE incident_timeline (
        id bigserial PRIMARY KEY,
        incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        at bigint NOT NULL,
        kind text NOT NULL,
        actor text NOT NULL,
        message text NOT NULL,
        details text
      );
      CREATE INDEX incident_timeline_incident ON incident_timeline (incident_id, at);
      CREATE TABLE alert_deliveries (
        id bigserial PRIMARY KEY,
        incident_id text,
        channel_id text NOT NULL,
        channel_kind text NOT NULL,
        team text,
        purpose text NOT NULL,
        notification_id text NOT NULL,
        notification_kind text NOT NULL,
        ok boolean NOT NULL,
        skipped text,
        attempts integer NOT NULL,
        status_code integer,
        error text,
        started_at bigint NOT NULL,
        finished_at bigint NOT NULL,
        attempt_log text NOT NULL
      );
      CREATE INDEX alert_deliveries_incident ON alert_deliveries (incident_id);
      CREATE TABLE raci_matrix (area text PRIMARY KEY, roles text NOT NULL);
      ${RACI_SEED.map(([area, roles]) => `INSERT INTO raci_matrix (area, roles) VALUES (${text(area)}, ${text(JSON.stringify(roles))});`).join('\n      ')}
      ${documents.map((t) => `CREATE TABLE ${t} (id text PRIMARY KEY, body text NOT NULL, created_at bigint NOT NULL, updated_at bigint NOT NULL);`).join('\n      ')}

      CREATE TABLE use_cases (
        id text PRIMARY KEY,
        name text NOT NULL,
        stage text NOT NULL,
        through_intake boolean NOT NULL,
        spec text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        spec_changed_at bigint NOT NULL,
        version bigint NOT NULL
      );
      CREATE TABLE use_case_signoffs (
        id bigserial PRIMARY KEY,
        use_case_id text NOT NULL REFERENCES use_cases (id) ON DELETE CASCADE,
        key text NOT NULL,
        actor_name text NOT NULL,
        actor_role text NOT NULL,
        api_key_name text,
        at bigint NOT NULL,
        note text
      );
      CREATE INDEX use_case_signoffs_case ON use_case_signoffs (use_case_id, key);
      CREATE TABLE use_case_load_tests (
        id bigserial PRIMARY KEY,
        use_case_id text NOT NULL REFERENCES use_cases (id) ON DELETE CASCADE,
        from_ms bigint NOT NULL,
        to_ms bigint NOT NULL,
        actor text,
        api_key_name text,
        at bigint NOT NULL,
        note text
      );
      CREATE INDEX use_case_load_tests_case ON use_case_load_tests (use_case_id);
      CREATE TABLE governance_audit (
        id bigserial PRIMARY KEY,
        use_case_id text NOT NULL,
        at bigint NOT NULL,
        action text NOT NULL,
        actor text,
        api_key_name text,
        details text NOT NULL
      );
      CREATE INDEX governance_audit_case ON governance_audit (use_case_id, id);
      CREATE TABLE coverage_snapshots (
        day bigint PRIMARY KEY,
        taken_at bigint NOT NULL,
        counted integer NOT NULL,
        total integer NOT NULL,
        ratio double precision,
        uncovered text NOT NULL
      );

      CREATE TABLE llm_prices (
        version bigserial PRIMARY KEY,
        provider text NOT NULL,
        model text NOT NULL,
        input_per_mtok double precision NOT NULL,
        output_per_mtok double precision NOT NULL,
        valid_from bigint NOT NULL,
        created_at bigint NOT NULL,
        api_key_name text,
        note text
      );
      CREATE TABLE cost_budgets (
        scope text NOT NULL,
        target text NOT NULL,
        monthly_usd double precision NOT NULL,
        updated_at bigint NOT NULL,
        PRIMARY KEY (scope, target)
      );
      CREATE TABLE report_roi_inputs (
        id integer PRIMARY KEY CHECK (id = 1),
        inputs text NOT NULL,
        updated_at bigint NOT NULL,
        api_key_name text
      );
    `,
  },
  {
    version: 3,
    name: 'export destinations, export state and deliveries',
    sql: `
      CREATE TABLE export_destinations (
        id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL,
        enabled boolean NOT NULL,
        settings text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE TABLE export_state (
        destination_id text PRIMARY KEY REFERENCES export_destinations (id) ON DELETE CASCADE,
        metrics_through bigint,
        health_through bigint,
        events_through bigint,
        last_attempt_at bigint,
        last_success_at bigint,
        last_error text,
        batches_ok bigint NOT NULL DEFAULT 0,
        batches_failed bigint NOT NULL DEFAULT 0,
        items_sent bigint NOT NULL DEFAULT 0
      );
      CREATE TABLE export_deliveries (
        id bigserial PRIMARY KEY,
        destination_id text NOT NULL REFERENCES export_destinations (id) ON DELETE CASCADE,
        at bigint NOT NULL,
        what text NOT NULL,
        ok boolean NOT NULL,
        attempts integer NOT NULL,
        status_code integer,
        error text,
        items integer NOT NULL,
        duration_ms double precision NOT NULL,
        lag_ms double precision
      );
      CREATE INDEX export_deliveries_by_destination ON export_deliveries (destination_id, id);
    `,
  },
  {
    version: 4,
    name: 'rule change history; scheduled report archive and schedule',
    sql: `
      CREATE TABLE rule_changes (
        id bigserial PRIMARY KEY,
        rule_id text NOT NULL,
        at bigint NOT NULL,
        actor text NOT NULL,
        change text NOT NULL,
        version bigint,
        fields text NOT NULL,
        reason text
      );
      CREATE INDEX rule_changes_rule ON rule_changes (rule_id, id);
      -- One report per cadence and period, whatever node generates it first.
      CREATE TABLE report_archive (
        id text PRIMARY KEY,
        cadence text NOT NULL,
        period_from bigint NOT NULL,
        period_to bigint NOT NULL,
        generated_at bigint NOT NULL,
        numbers text NOT NULL,
        html text NOT NULL,
        pdf bytea,
        pdf_unavailable_reason text,
        deliveries text NOT NULL,
        UNIQUE (cadence, period_from)
      );
      CREATE TABLE report_schedule (id integer PRIMARY KEY CHECK (id = 1), body text NOT NULL);
    `,
  },
  {
    version: 5,
    name: 'model-health windows per endpoint; which features each endpoint sends; the inbox channel; custom dashboards',
    sql: `
      -- Windows stored before this migration were merged over endpoints and keep endpoint '' (read as "all
      -- endpoints", never as one). Several writers merge into one (model, bucket, endpoint) row as before.
      ALTER TABLE model_windows ADD COLUMN endpoint text NOT NULL DEFAULT '';
      ALTER TABLE model_windows DROP CONSTRAINT model_windows_pkey;
      ALTER TABLE model_windows ADD PRIMARY KEY (model, bucket, endpoint);
      ALTER TABLE model_windows ALTER COLUMN endpoint DROP DEFAULT;

      -- Which features each endpoint sent in a stored reference's window: {"POST /v1/x": {"rows": n, "columns": [...]}}.
      ALTER TABLE model_references ADD COLUMN endpoint_features text;

      CREATE TABLE inbox_messages (
        id bigserial PRIMARY KEY,
        at bigint NOT NULL,
        channel_id text NOT NULL,
        team text,
        purpose text NOT NULL,
        kind text NOT NULL,
        severity text NOT NULL,
        area text NOT NULL,
        title text NOT NULL,
        summary text NOT NULL,
        incident_id text,
        runbook text,
        on_call text
      );
      CREATE INDEX inbox_messages_team ON inbox_messages (team, id);
      CREATE INDEX inbox_messages_incident ON inbox_messages (incident_id, id);

      CREATE TABLE dashboards (
        id text PRIMARY KEY,
        name text NOT NULL,
        description text,
        team text,
        range text NOT NULL,
        panels text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        version bigint NOT NULL
      );
      CREATE TABLE dashboard_homes (
        team text PRIMARY KEY,
        dashboard_id text NOT NULL REFERENCES dashboards (id) ON DELETE CASCADE,
        updated_at bigint NOT NULL
      );
    `,
  },
  {
    version: 160,
    name: 'people and sessions; API key scopes, expiry, rotation and last use; the hash-chained audit trail',
    sql: `
      -- Usernames are unique whatever their case (the SQLite column is NOCASE).
      CREATE TABLE users (
        id text PRIMARY KEY,
        username text NOT NULL,
        display_name text NOT NULL,
        email text,
        password_hash text,
        roles text[] NOT NULL,
        teams text[] NOT NULL,
        is_disabled boolean NOT NULL DEFAULT false,
        source text NOT NULL CHECK (source IN ('local', 'oidc')),
        oidc_subject text UNIQUE,
        created_at bigint NOT NULL,
        last_login_at bigint
      );
      CREATE UNIQUE INDEX users_username ON users (lower(username));
      -- Only the SHA-256 of a session cookie's id is stored.
      CREATE TABLE sessions (
        id_hash text PRIMARY KEY,
        user_id text REFERENCES users (id) ON DELETE CASCADE,
        key_id text,
        csrf_token text NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        source_ip text
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE INDEX sessions_expires ON sessions (expires_at);

      ALTER TABLE api_keys ADD COLUMN models text[] NOT NULL DEFAULT '{}';
      ALTER TABLE api_keys ADD COLUMN use_cases text[] NOT NULL DEFAULT '{}';
      ALTER TABLE api_keys ADD COLUMN expires_at bigint;
      ALTER TABLE api_keys ADD COLUMN created_by text;
      ALTER TABLE api_keys ADD COLUMN rotated_from text;
      ALTER TABLE api_keys ADD COLUMN last_used_at bigint;
      ALTER TABLE api_keys ADD COLUMN last_used_ip text;

      -- The audit trail: append-only (a trigger refuses every UPDATE); retention deletes the oldest entries and
      -- keeps the anchor the chain starts from in meta ('audit_anchor').
      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY,
        at bigint NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        target text,
        outcome text NOT NULL,
        source_ip text,
        before_json text,
        after_json text,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE FUNCTION audit_log_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END;
      $$;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_update();
    `,
  },
  {
    version: 162,
    name: 'personal-data policies; security signals per minute',
    sql: `
      -- The default policy is stored under use_case ''.
      CREATE TABLE pii_policies (
        use_case text PRIMARY KEY,
        policy text NOT NULL,
        updated_at bigint NOT NULL,
        updated_by text
      );
      CREATE TABLE security_signals (
        signal text NOT NULL,
        subject text NOT NULL,
        minute bigint NOT NULL,
        count bigint NOT NULL,
        PRIMARY KEY (signal, minute, subject)
      );
    `,
  },
  {
    version: 164,
    name: 'data subjects: subject index of event blocks, subject id of labels; retention per use case',
    sql: `
      -- The subject index (storage/request-key.ts subjectKey → blocks), written in the events' statement. It
      -- keeps each block's receipt time so retention removes its rows with the partitions it drops.
      CREATE TABLE event_subjects (
        subject_key bigint NOT NULL,
        block_id bigint NOT NULL,
        received_at bigint NOT NULL,
        PRIMARY KEY (subject_key, block_id)
      );
      CREATE INDEX event_subjects_block ON event_subjects (block_id);
      CREATE INDEX event_subjects_received ON event_subjects (received_at);
      ALTER TABLE labels ADD COLUMN subject_id text;
      CREATE INDEX labels_subject ON labels (subject_id) WHERE subject_id IS NOT NULL;
      CREATE INDEX labels_model_request ON labels (model, request_id);

      CREATE TABLE retention_policies (
        use_case_id text PRIMARY KEY,
        raw_event_days integer,
        rollup_days integer,
        updated_at bigint NOT NULL,
        updated_by text
      );
    `,
  },
  {
    version: 190,
    name: 'infrastructure metrics: resources, minute cells per resource and metric, cumulative counter state',
    sql: `
      CREATE TABLE infra_resources (
        key text PRIMARY KEY,
        service text,
        host text,
        pod text,
        container text,
        namespace text,
        model text,
        first_seen bigint NOT NULL,
        last_seen bigint NOT NULL
      );
      CREATE INDEX infra_resources_last_seen ON infra_resources (last_seen);
      CREATE TABLE infra_minutes (
        resource_key text NOT NULL,
        metric text NOT NULL,
        minute bigint NOT NULL,
        sum double precision NOT NULL,
        count bigint NOT NULL,
        last double precision NOT NULL,
        last_time bigint NOT NULL,
        PRIMARY KEY (metric, resource_key, minute)
      );
      CREATE INDEX infra_minutes_minute ON infra_minutes (minute);
      CREATE TABLE infra_counters (
        resource_key text NOT NULL,
        metric text NOT NULL,
        series text NOT NULL,
        start_time bigint NOT NULL,
        time bigint NOT NULL,
        value double precision NOT NULL,
        PRIMARY KEY (resource_key, metric, series)
      );
    `,
  },
  {
    version: 191,
    name: 'infrastructure links to models',
    sql: `
      CREATE TABLE infra_links (
        position integer PRIMARY KEY,
        match text NOT NULL,
        model text NOT NULL
      );
    `,
  },
  {
    version: 210,
    name: 'GenAI client metrics: LLM model and provider of an infrastructure resource',
    sql: `
      ALTER TABLE infra_resources ADD COLUMN genai_model text;
      ALTER TABLE infra_resources ADD COLUMN genai_provider text;
    `,
  },
  {
    version: 215,
    name: 'late label join: pending labels by request key, joined time, scan marks per writer',
    sql: `
      -- request_key (storage/request-key.ts) of the labels stored unmatched, so new events' keys find them;
      -- joined_at marks those the late join scored since, which leave labels_pending.
      ALTER TABLE labels ADD COLUMN request_key bigint;
      ALTER TABLE labels ADD COLUMN joined_at bigint;
      CREATE INDEX labels_pending ON labels (request_key) WHERE matched = false AND joined_at IS NULL;
      -- Where the late join's next scan starts, per writer: the last event block and label of it read. Writers
      -- that exist now start above their stored events (the labels pending now are looked up once anyway).
      CREATE TABLE label_join_marks (
        writer_id bigint PRIMARY KEY,
        event_mark bigint NOT NULL,
        label_mark bigint NOT NULL
      );
      INSERT INTO label_join_marks (writer_id, event_mark, label_mark)
        SELECT w.id, coalesce((SELECT max(b.id) FROM event_blocks b WHERE b.writer_id = w.id), 0), 0 FROM writers w;
    `,
  },
];
