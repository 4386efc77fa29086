// The pg_hba.conf template pgctld renders at start-up, mounted from the `pg-hba-template`
// ConfigMap. This project's own text with the operator's rules in the operator's order; pgctld
// fills in `{{.User}}`, so it stays literal here. Every rule but one is `trust`: the operator's
// template is meant for development clusters, and so is this one.
export const PG_HBA_TEMPLATE = `# pg_hba.conf template rendered by pgctld ({{.User}} is the PostgreSQL superuser).
# TYPE  DATABASE        USER            ADDRESS                 METHOD

# The superuser over the local socket, without a password (pgctld and multipooler use this).
local   all             {{.User}}                               trust

# Every other local user is matched to the OS user of the same name.
local   all             all                                     peer

# Streaming replication between the replicas of a pool.
local   replication     all                                     trust
host    replication     all             0.0.0.0/0               trust
host    replication     all             ::0/0                   trust

# Client connections over IPv4 and IPv6.
host    all             all             0.0.0.0/0               trust
host    all             all             ::0/0                   trust

# Connections from the pods of other cells.
host    all             all             0.0.0.0/0               trust
host    all             all             ::0/0                   trust

# Anything else over IPv6.
host    all             all             ::0/0                   trust
`;
