// The deployment contract the Kubernetes checks hold the manifests to: ports, the Secrets the
// manifests may reference (never define) with their keys, and the hardened securityContext.
// Imported by tests/deploy/lib/consistency.mjs; the source of truth for these values is the
// deployment section of docs/operations.md and k8s/README.md.

// Ports per service, the same numbers as scripts/up.sh. `http` only where the service serves HTTP.
export const SERVICE_PORTS = {
  evaluation: { grpc: 50051, metrics: 9101, health: 9201 },
  training: { grpc: 50052, metrics: 9102, health: 9202 },
  competition: { grpc: 50053, metrics: 9103, health: 9203 },
  incentive: { grpc: 50054, metrics: 9104, health: 9204 },
  education: { grpc: 50055, metrics: 9105, health: 9205 },
  aggregator: { grpc: 50060, metrics: 9110, health: 9210, http: 8080 },
};

// Container port name of each listen flag.
export const LISTEN_FLAGS = {
  grpc: "listen",
  metrics: "metrics_listen",
  health: "health_listen",
  http: "http_listen",
};

export const REDIS_PORT = 6379;
export const REDIS_CONFIG = "/etc/skillbridge/redis.conf";
export const REDIS_EXPORTER_PORT = 9121;

// Secrets referenced by the manifests, created outside the repository, with the keys they hold.
export function contractSecrets(services) {
  const secrets = new Map([
    ["skillbridge-auth", ["auth.textproto"]],
    ["skillbridge-service-token", ["token"]],
  ]);
  for (const svc of services) {
    secrets.set(`${svc}-redis`, ["password"]);
    secrets.set(`${svc}-tls`, ["tls.crt", "tls.key", "ca.crt"]);
  }
  return secrets;
}

// Paths under which a flag's file value must come from a mounted ConfigMap or Secret.
export const MOUNTED_PREFIXES = ["/etc/skillbridge/", "/var/run/secrets/"];

// Defaults of the service flags the checks compute with (common/server).
export const DEFAULT_SHUTDOWN_GRACE_MS = 10000;
export const DEFAULT_REDIS_STARTUP_TIMEOUT_S = 30;
// Kubernetes defaults.
export const DEFAULT_TERMINATION_GRACE_S = 30;
export const DEFAULT_PROBE_PERIOD_S = 10;
export const DEFAULT_PROBE_FAILURE_THRESHOLD = 3;
// Margin the pod's grace period keeps beyond preStop + drain.
export const GRACE_MARGIN_S = 5;
