{{/*
Names and labels, after the prometheus-community and Bitnami charts.
*/}}

{{/* The chart name, shortened to the 63 characters of a DNS label. */}}
{{- define "clay-enrichment.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name; the release name alone when it already contains the chart name. */}}
{{- define "clay-enrichment.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's objects: <fullname>-<component> (receiver, enrichment, topics). */}}
{{- define "clay-enrichment.componentName" -}}
{{- printf "%s-%s" (include "clay-enrichment.fullname" .root | trunc 50 | trimSuffix "-") .component -}}
{{- end -}}

{{- define "clay-enrichment.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that never change over a release's life: the only ones selectors use. */}}
{{- define "clay-enrichment.selectorLabels" -}}
app.kubernetes.io/name: {{ include "clay-enrichment.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Every object's labels; helm.sh/chart and the version are here, never in selectors. */}}
{{- define "clay-enrichment.labels" -}}
helm.sh/chart: {{ include "clay-enrichment.chart" .root }}
{{ include "clay-enrichment.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: clay-enrichment
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "clay-enrichment.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "clay-enrichment.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* repository:tag, or repository@digest; the tag defaults to the chart's appVersion. */}}
{{- define "clay-enrichment.image" -}}
{{- $image := .image -}}
{{- $repository := $image.repository -}}
{{- if .root.Values.imageRegistry -}}
{{- $repository = printf "%s/%s" .root.Values.imageRegistry $image.repository -}}
{{- end -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}
{{- end -}}

{{/*
A value as an environment string: whole numbers stay whole (values files give Helm floats, and
1048576 would otherwise become 1.048576e+06), null becomes "" (the service then uses its default).
*/}}
{{- define "clay-enrichment.envString" -}}
{{- if kindIs "invalid" . -}}
{{- else if kindIs "float64" . -}}
{{- if eq . (floor .) -}}{{- int64 . -}}{{- else -}}{{- . -}}{{- end -}}
{{- else -}}
{{- toString . -}}
{{- end -}}
{{- end -}}

{{/* The name of the Secret that holds credentials: the user's, or the one this chart makes. */}}
{{- define "clay-enrichment.secretName" -}}
{{- default (include "clay-enrichment.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{/*
Credentials of each consumer, as env name -> field of .Values.secrets (and of .Values.secrets.keys).
"intake" is read by both services (given once, so the same callers reach /v1/requests and /v1/enrich).
*/}}
{{- define "clay-enrichment.secretFields" -}}
kafka:
  KAFKA_SASL_JAAS_CONFIG: kafkaSaslJaasConfig
  KAFKA_SSL_TRUSTSTORE_PASSWORD: kafkaSslTruststorePassword
  KAFKA_SSL_KEYSTORE_PASSWORD: kafkaSslKeystorePassword
  KAFKA_SSL_KEY_PASSWORD: kafkaSslKeyPassword
receiver:
  CALLBACK_SECRETS: callbackSecrets
  CALLBACK_SIGNING_SECRETS: callbackSigningSecrets
enrichment:
  CLAY_WEBHOOK_URLS: clayWebhookUrls
  CLAY_WEBHOOK_AUTH_TOKEN: clayWebhookAuthToken
  OPERATOR_TOKEN: operatorToken
  READ_TOKENS: readTokens
intake:
  INTAKE_TOKENS: intakeTokens
{{- end -}}

{{/*
env entries that read credentials from a Secret. With an existing Secret every key is optional (the
user's Secret may leave some out); with the chart's Secret only the credentials given are referenced.
Arguments: root, groups (list of secretFields groups), secretName, skip (env names the user's extraEnv sets).
*/}}
{{- define "clay-enrichment.secretEnv" -}}
{{- $root := .root -}}
{{- $fields := include "clay-enrichment.secretFields" $root | fromYaml -}}
{{- $existing := $root.Values.secrets.existingSecret -}}
{{- range $group := .groups }}
{{- range $envName, $field := get $fields $group }}
{{- if and (or $existing (get $root.Values.secrets $field)) (not (hasKey $.skip $envName)) }}
- name: {{ $envName }}
  valueFrom:
    secretKeyRef:
      name: {{ $.secretName }}
      key: {{ get $root.Values.secrets.keys $field }}
      {{- if $existing }}
      optional: true
      {{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if has "enrichment" .groups }}
{{- range $name, $byKey := include "clay-enrichment.workspaceSecrets" $root | fromYaml }}
{{- if and (or $existing $byKey) (not (hasKey $.skip $name)) }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $.secretName }}
      key: {{ $name }}
      {{- if $existing }}
      optional: true
      {{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* CLAY_WORKSPACE_<NAME>_ of a workspace name: upper-cased, '-' as '_' (the dispatcher's rule). */}}
{{- define "clay-enrichment.workspacePrefix" -}}
{{- printf "CLAY_WORKSPACE_%s_" (upper . | replace "-" "_") -}}
{{- end -}}

{{/*
The credentials of the further Clay workspaces (enrichment.config.clay.workspaces), as env name -> value
from secrets.clayWorkspaces.<name> (empty when not given there: then only an existing Secret has it).
*/}}
{{- define "clay-enrichment.workspaceSecrets" -}}
{{- $given := .Values.secrets.clayWorkspaces | default dict -}}
{{- $out := dict -}}
{{- range $w := .Values.enrichment.config.clay.workspaces -}}
{{- $prefix := include "clay-enrichment.workspacePrefix" $w.name -}}
{{- $mine := get $given $w.name | default dict -}}
{{- $_ := set $out (print $prefix "WEBHOOK_URLS") ($mine.webhookUrls | default "") -}}
{{- $_ := set $out (print $prefix "WEBHOOK_AUTH_TOKEN") ($mine.authToken | default "") -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/* Kafka client settings (not credentials) as env name -> value. */}}
{{- define "clay-enrichment.kafkaEnv" -}}
{{- $kafka := .Values.kafka -}}
{{- $env := dict "KAFKA_BOOTSTRAP_SERVERS" (required "kafka.bootstrapServers is required: the bootstrap servers of your Kafka cluster, e.g. my-cluster-kafka-bootstrap.kafka:9092" $kafka.bootstrapServers) -}}
{{- if $kafka.securityProtocol }}{{ $_ := set $env "KAFKA_SECURITY_PROTOCOL" $kafka.securityProtocol }}{{ end -}}
{{- if $kafka.sasl.mechanism }}{{ $_ := set $env "KAFKA_SASL_MECHANISM" $kafka.sasl.mechanism }}{{ end -}}
{{- if $kafka.sasl.clientCallbackHandlerClass }}{{ $_ := set $env "KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS" $kafka.sasl.clientCallbackHandlerClass }}{{ end -}}
{{- if $kafka.tls.enabled -}}
{{- if $kafka.tls.truststore.file -}}
{{- $_ := set $env "KAFKA_SSL_TRUSTSTORE_LOCATION" (printf "%s/%s" $kafka.tls.mountPath $kafka.tls.truststore.file) -}}
{{- $_ := set $env "KAFKA_SSL_TRUSTSTORE_TYPE" $kafka.tls.truststore.type -}}
{{- end -}}
{{- if $kafka.tls.keystore.file -}}
{{- $_ := set $env "KAFKA_SSL_KEYSTORE_LOCATION" (printf "%s/%s" $kafka.tls.mountPath $kafka.tls.keystore.file) -}}
{{- $_ := set $env "KAFKA_SSL_KEYSTORE_TYPE" $kafka.tls.keystore.type -}}
{{- end -}}
{{- end -}}
{{- range $property, $value := $kafka.properties -}}
{{- $_ := set $env (printf "KAFKA_%s" ($property | upper | replace "." "_" | replace "-" "_")) (include "clay-enrichment.envString" $value) -}}
{{- end -}}
{{- toYaml $env -}}
{{- end -}}

{{/* Topic names and layout as env name -> value. */}}
{{- define "clay-enrichment.topicEnv" -}}
{{- $t := .Values.topics -}}
TOPIC_REQUESTS: {{ $t.requests | quote }}
TOPIC_RESULTS: {{ $t.results | quote }}
TOPIC_DEAD_LETTERS: {{ $t.deadLetters | quote }}
TOPIC_OUTBOUND: {{ $t.outbound | quote }}
TOPIC_BUDGETS: {{ $t.budgets | quote }}
TOPIC_URL_SUBMISSIONS: {{ $t.urlSubmissions | quote }}
TOPIC_RECEIPTS: {{ $t.receipts | quote }}
TOPIC_BUDGET_CHANGES: {{ $t.budgetChanges | quote }}
TOPIC_WORKSPACE_GRANTS: {{ $t.workspaceGrants | quote }}
TOPIC_PARTITIONS: {{ include "clay-enrichment.envString" $t.partitions | quote }}
TOPIC_REPLICATION_FACTOR: {{ include "clay-enrichment.envString" $t.replicationFactor | quote }}
{{- end -}}

{{/*
A service's plain settings: Kafka, topics, its typed settings, then its free-form env map on top
(so a setting the chart does not know yet needs no template change). Arguments: root, typed (dict), env.
*/}}
{{- define "clay-enrichment.plainEnv" -}}
{{- $env := include "clay-enrichment.kafkaEnv" .root | fromYaml -}}
{{- $env = mergeOverwrite $env (include "clay-enrichment.topicEnv" .root | fromYaml) -}}
{{- range $name, $value := .typed }}{{ $_ := set $env $name (include "clay-enrichment.envString" $value) }}{{ end -}}
{{- range $name, $value := .env }}{{ $_ := set $env $name (include "clay-enrichment.envString" $value) }}{{ end -}}
{{- toYaml $env -}}
{{- end -}}

{{/* The receiver's plain settings. */}}
{{- define "clay-enrichment.receiver.plainEnv" -}}
{{- $r := .Values.receiver -}}
{{- $typed := dict
  "HTTP_PORT" $r.port
  "LOG_LEVEL" $r.logLevel
  "MAX_BODY_BYTES" $r.config.maxBodyBytes
  "PUBLISH_TIMEOUT" $r.config.publishTimeout
  "SIGNATURE_TOLERANCE" $r.config.signatureTolerance
  "SHUTDOWN_GRACE" $r.config.shutdownGrace
  "DUPLICATE_CACHE_SIZE" $r.config.duplicateCacheSize
  "INTAKE_MAX_BATCH" $r.config.intake.maxBatch -}}
{{- include "clay-enrichment.plainEnv" (dict "root" . "typed" $typed "env" $r.env) -}}
{{- end -}}

{{/* The enrichment service's plain settings. */}}
{{- define "clay-enrichment.enrichment.plainEnv" -}}
{{- $e := .Values.enrichment -}}
{{- $c := $e.config -}}
{{- $typed := dict
  "HTTP_PORT" $e.port
  "LOG_LEVEL" $e.logLevel
  "APPLICATION_ID" $c.applicationId
  "STATE_DIR" $e.state.mountPath
  "PROCESSING_GUARANTEE" $c.processingGuarantee
  "NUM_STREAM_THREADS" $c.numStreamThreads
  "NUM_STANDBY_REPLICAS" $c.numStandbyReplicas
  "CREDIT_BUDGET_DAILY" $c.creditBudgetDaily
  "CREDIT_BUDGET_MONTHLY" $c.creditBudgetMonthly
  "CREDIT_BUDGETS" $c.creditBudgets
  "WORKSPACE_BUDGET_DAILY" $c.workspaceBudgetDaily
  "WORKSPACE_BUDGET_MONTHLY" $c.workspaceBudgetMonthly
  "CREDIT_COST_PER_ENRICHMENT" $c.creditCostPerEnrichment
  "CREDIT_WARNING_THRESHOLD" $c.creditWarningThreshold
  "CREDIT_RESERVATION" $c.creditReservation
  "FRESHNESS_TTL" $c.freshnessTtl
  "RESULT_TIMEOUT" $c.resultTimeout
  "LATE_RESULT_WINDOW" $c.lateResultWindow
  "MAX_WAITERS_PER_CONTACT" $c.maxWaitersPerContact
  "INTERNAL_RECORD_VERSION" $c.internalRecordVersion
  "KNOWN_TENANTS" (join "," .Values.tenants.known)
  "UNKNOWN_TENANTS" .Values.tenants.unknown
  "METRICS_MAX_TENANTS" .Values.tenants.metricsMaxTenants
  "CLAY_RATE_LIMIT_PER_SECOND" $c.clay.rateLimitPerSecond
  "CLAY_RATE_LIMIT_BURST" $c.clay.rateLimitBurst
  "CLAY_URL_SUBMISSION_LIMIT" $c.clay.urlSubmissionLimit
  "CLAY_PASSTHROUGH_TABLE" $c.clay.passthroughTable
  "CLAY_LANE_WEIGHT_URGENT" $c.clay.laneWeights.urgent
  "CLAY_LANE_WEIGHT_NORMAL" $c.clay.laneWeights.normal
  "CLAY_LANE_WEIGHT_BACKFILL" $c.clay.laneWeights.backfill
  "CLAY_REQUEST_TIMEOUT" $c.clay.requestTimeout
  "CLAY_MAX_ATTEMPTS" $c.clay.maxAttempts
  "DISPATCHER_GROUP_ID" $c.dispatcherGroupId
  "DISPATCHER_ENABLED" $c.dispatcherEnabled
  "DISPATCHER_SHUTDOWN_GRACE" $c.dispatcherShutdownGrace
  "PUNCTUATE_INTERVAL" $c.punctuateInterval
  "SHUTDOWN_TIMEOUT" $c.shutdownTimeout
  "SYNC_WAIT_DEFAULT" $c.sync.waitDefault
  "SYNC_WAIT_MAX" $c.sync.waitMax
  "SYNC_MAX_WAITERS" $c.sync.maxWaiters
  "REFRESH_AFTER" $c.refresh.after
  "REFRESH_RATE_SHARE" $c.refresh.rateShare
  "TOPIC_REPLAYED" .Values.topics.replayed
  "REPLAY_TRANSACTIONAL_ID" $c.replay.transactionalId
  "CLAY_RETRY_INITIAL_BACKOFF" $c.clay.retryInitialBackoff
  "CLAY_RETRY_MAX_BACKOFF" $c.clay.retryMaxBackoff
  "CLAY_MAX_PAYLOAD_BYTES" $c.clay.maxPayloadBytes
  "CLAY_URL_POOL_LOW_FRACTION" $c.clay.urlPoolLowFraction
  "CLAY_BREAKER_FAILURE_RATE" $c.clay.breaker.failureRate
  "CLAY_BREAKER_SLOW_CALL_RATE" $c.clay.breaker.slowCallRate
  "CLAY_BREAKER_SLOW_CALL_DURATION" $c.clay.breaker.slowCallDuration
  "CLAY_BREAKER_WAIT_IN_OPEN" $c.clay.breaker.waitInOpen
  "CLAY_BREAKER_WINDOW_SIZE" $c.clay.breaker.windowSize
  "CLAY_BREAKER_MINIMUM_CALLS" $c.clay.breaker.minimumCalls
  "CLAY_BREAKER_HALF_OPEN_CALLS" $c.clay.breaker.halfOpenCalls
  "CLAY_WORKSPACE_TENANTS" (join "," $c.clay.workspaceTenants) -}}
{{- $workspaces := list -}}
{{- range $w := $c.clay.workspaces }}
{{- $workspaces = append $workspaces $w.name -}}
{{- $prefix := include "clay-enrichment.workspacePrefix" $w.name -}}
{{- $_ := set $typed (print $prefix "RATE_LIMIT_PER_SECOND") $w.rateLimitPerSecond -}}
{{- $_ := set $typed (print $prefix "RATE_LIMIT_BURST") $w.rateLimitBurst -}}
{{- $_ := set $typed (print $prefix "URL_SUBMISSION_LIMIT") $w.urlSubmissionLimit -}}
{{- $_ := set $typed (print $prefix "PASSTHROUGH_TABLE") $w.passthroughTable -}}
{{- $_ := set $typed (print $prefix "TENANTS") (join "," ($w.tenants | default (list "*"))) -}}
{{- end }}
{{- $_ := set $typed "CLAY_WORKSPACES" (join "," $workspaces) -}}
{{- include "clay-enrichment.plainEnv" (dict "root" . "typed" $typed "env" $e.env) -}}
{{- end -}}

{{/* Pod-level security context: non-root, RuntimeDefault seccomp. */}}
{{- define "clay-enrichment.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext -}}
{{- end -}}

{{/* Container-level security context: read-only root, no escalation, no capabilities. */}}
{{- define "clay-enrichment.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext -}}
{{- end -}}

{{/* Volumes for Kafka TLS material and /tmp (the root filesystem is read-only). */}}
{{- define "clay-enrichment.commonVolumes" -}}
- name: tmp
  emptyDir:
    {{- with .Values.tmpVolume.sizeLimit }}
    sizeLimit: {{ . }}
    {{- end }}
{{- if .Values.kafka.tls.enabled }}
- name: kafka-tls
  secret:
    secretName: {{ required "kafka.tls.existingSecret is required when kafka.tls.enabled: a Secret holding the truststore (and keystore) files" .Values.kafka.tls.existingSecret }}
    defaultMode: 0440
{{- end }}
{{- end -}}

{{- define "clay-enrichment.commonVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.kafka.tls.enabled }}
- name: kafka-tls
  mountPath: {{ .Values.kafka.tls.mountPath }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* Checksum of everything a pod reads at start, so a settings change rolls the pods. */}}
{{- define "clay-enrichment.configChecksum" -}}
{{- $root := .root -}}
{{- $config := include (print $root.Template.BasePath "/" .component "/configmap.yaml") $root -}}
{{- $secret := include (print $root.Template.BasePath "/secret.yaml") $root -}}
{{- printf "%s\n%s\n%s" $config $secret ($root.Values.secrets.existingSecret | default "") | sha256sum -}}
{{- end -}}

{{/* Rendering fails early, with one clear line, when values contradict each other. */}}
{{- define "clay-enrichment.validate" -}}
{{- if gt (int .Values.enrichment.replicaCount) (int .Values.topics.partitions) -}}
{{- fail (printf "enrichment.replicaCount (%d) is greater than topics.partitions (%d): Kafka Streams would leave %d pod(s) idle with no partition to work on; lower enrichment.replicaCount or raise topics.partitions" (int .Values.enrichment.replicaCount) (int .Values.topics.partitions) (sub (int .Values.enrichment.replicaCount) (int .Values.topics.partitions))) -}}
{{- end -}}
{{- if and .Values.receiver.autoscaling.enabled (gt (int .Values.receiver.autoscaling.minReplicas) (int .Values.receiver.autoscaling.maxReplicas)) -}}
{{- fail (printf "receiver.autoscaling.minReplicas (%d) is greater than receiver.autoscaling.maxReplicas (%d)" (int .Values.receiver.autoscaling.minReplicas) (int .Values.receiver.autoscaling.maxReplicas)) -}}
{{- end -}}
{{- if not .Values.secrets.existingSecret -}}
{{- if and .Values.enrichment.enabled .Values.enrichment.config.dispatcherEnabled (not .Values.secrets.clayWebhookUrls) -}}
{{- fail "secrets.clayWebhookUrls is required (comma-separated Clay table webhook URLs), or name a Secret holding it with secrets.existingSecret" -}}
{{- end -}}
{{- if and .Values.receiver.enabled .Values.receiver.config.intake.enabled -}}
{{- $tokens := 0 -}}
{{- range splitList "," .Values.secrets.intakeTokens }}{{ if trim . }}{{ $tokens = add1 $tokens }}{{ end }}{{ end -}}
{{- if gt $tokens 2 -}}
{{- fail (printf "secrets.intakeTokens has %d tokens: the receiver takes at most two (the current one and the one being rotated out); remove the retired ones, or set receiver.config.intake.enabled=false to use them for /v1/enrich only" $tokens) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.receiver.enabled (not (or .Values.secrets.callbackSecrets .Values.secrets.callbackSigningSecrets)) -}}
{{- fail "secrets.callbackSecrets (or secrets.callbackSigningSecrets) is required so the receiver can authenticate Clay's callbacks, or name a Secret holding it with secrets.existingSecret" -}}
{{- end -}}
{{- end -}}
{{- include "clay-enrichment.validateNoCredentialInConfigMap" . -}}
{{- include "clay-enrichment.validateSyncWait" . -}}
{{- include "clay-enrichment.validateRefreshAfter" . -}}
{{- if and .Values.topics.strimzi.enabled (not .Values.topics.strimzi.clusterName) -}}
{{- fail "topics.strimzi.clusterName is required when topics.strimzi.enabled: the name of the Strimzi Kafka resource (label strimzi.io/cluster)" -}}
{{- end -}}
{{- include "clay-enrichment.validateResultTimeout" . -}}
{{- if and (eq .Values.tenants.unknown "refuse") (not .Values.tenants.known) (not (trim .Values.enrichment.config.creditBudgets)) -}}
{{- fail "tenants.unknown=refuse needs known tenants: list them in tenants.known (KNOWN_TENANTS) or give them budgets in enrichment.config.creditBudgets (CREDIT_BUDGETS), or every request would be refused" -}}
{{- end -}}
{{- end -}}

{{/*
Credentials only ever come from a Secret: a credential's variable in receiver.env, enrichment.env or
kafka.properties would land in a ConfigMap, and one in extraEnv with a plain value in the pod spec, so
rendering fails and names the value to use instead.
*/}}
{{- define "clay-enrichment.validateNoCredentialInConfigMap" -}}
{{- $root := . -}}
{{- $fields := include "clay-enrichment.secretFields" . | fromYaml -}}
{{- $kafkaProperties := dict -}}
{{- range $property, $value := .Values.kafka.properties -}}
{{- $_ := set $kafkaProperties (printf "KAFKA_%s" ($property | upper | replace "." "_" | replace "-" "_")) $property -}}
{{- end -}}
{{- range $group, $byEnv := $fields -}}
{{- range $envName, $field := $byEnv -}}
{{- $instead := printf "set secrets.%s, or key %s in secrets.existingSecret" $field (get $root.Values.secrets.keys $field) -}}
{{- range $component := list "receiver" "enrichment" -}}
{{- $svc := get $root.Values $component -}}
{{- if hasKey $svc.env $envName -}}
{{- fail (printf "%s.env.%s is a credential and would be stored in a ConfigMap: %s" $component $envName $instead) -}}
{{- end -}}
{{- range $svc.extraEnv -}}
{{- if and (eq .name $envName) (not .valueFrom) -}}
{{- fail (printf "%s.extraEnv %s is a credential and would be stored in the pod spec: give it a valueFrom.secretKeyRef, or %s" $component $envName $instead) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if hasKey $kafkaProperties $envName -}}
{{- fail (printf "kafka.properties.%s is a credential and would be stored in a ConfigMap: %s" (get $kafkaProperties $envName) $instead) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
An ISO-8601 duration (as java.time.Duration reads it: days, hours, minutes, seconds) in seconds, as a
float.
*/}}
{{- define "clay-enrichment.durationSeconds" -}}
{{- $text := upper (toString .) -}}
{{- $seconds := 0.0 -}}
{{- range $unit, $factor := dict "D" 86400.0 "H" 3600.0 "M" 60.0 "S" 1.0 -}}
{{- $part := $text -}}
{{- if eq $unit "D" }}{{ $part = regexReplaceAll "T.*$" $text "" }}{{ else }}{{ $part = regexReplaceAll "^[^T]*" $text "" }}{{ end -}}
{{- $number := regexReplaceAll (printf "%s$" $unit) (regexFind (printf "[0-9.]+%s" $unit) $part) "" -}}
{{- if $number }}{{ $seconds = addf $seconds (mulf (float64 $number) $factor) }}{{ end -}}
{{- end -}}
{{- $seconds -}}
{{- end -}}

{{/* The synchronous API's default wait must be within its cap, as the service checks at start (empty: its defaults). */}}
{{- define "clay-enrichment.validateSyncWait" -}}
{{- $sync := .Values.enrichment.config.sync -}}
{{- $default := default "PT60S" $sync.waitDefault -}}
{{- $max := default "PT5M" $sync.waitMax -}}
{{- if and .Values.enrichment.enabled (gt (float64 (include "clay-enrichment.durationSeconds" $default)) (float64 (include "clay-enrichment.durationSeconds" $max))) -}}
{{- fail (printf "enrichment.config.sync.waitDefault (%s) is longer than enrichment.config.sync.waitMax (%s): the default wait must be within the cap" $default $max) -}}
{{- end -}}
{{- end -}}

{{/*
A refresh must come before the cache entry expires: entries older than freshnessTtl are evicted and
could never be refreshed, so the service refuses to start (empty freshnessTtl: its default, P30D).
*/}}
{{- define "clay-enrichment.validateRefreshAfter" -}}
{{- $c := .Values.enrichment.config -}}
{{- $ttl := default "P30D" $c.freshnessTtl -}}
{{- if and .Values.enrichment.enabled $c.refresh.after (ge (float64 (include "clay-enrichment.durationSeconds" $c.refresh.after)) (float64 (include "clay-enrichment.durationSeconds" $ttl))) -}}
{{- fail (printf "enrichment.config.refresh.after (%s) is not shorter than enrichment.config.freshnessTtl (%s): results are evicted at the TTL and could never be refreshed" $c.refresh.after $ttl) -}}
{{- end -}}
{{- end -}}

{{/*
While the dispatcher runs, the service refuses to start unless RESULT_TIMEOUT is at least twice
CLAY_REQUEST_TIMEOUT (it starts no POST that could end after its attempt's deadline). A JSON schema
cannot compare two values, so the check is here, on what the pod gets: enrichment.env wins over the
typed values, and empty means the service's defaults (PT30M, PT10S, dispatcher on).
*/}}
{{- define "clay-enrichment.validateResultTimeout" -}}
{{- if .Values.enrichment.enabled -}}
{{- $env := include "clay-enrichment.enrichment.plainEnv" . | fromYaml -}}
{{- $dispatcher := not (has (get $env "DISPATCHER_ENABLED" | toString | trim | lower) (list "false" "no" "0" "off")) -}}
{{- $result := get $env "RESULT_TIMEOUT" | toString | trim | default "PT30M" -}}
{{- $request := get $env "CLAY_REQUEST_TIMEOUT" | toString | trim | default "PT10S" -}}
{{- $twice := mulf 2 (float64 (include "clay-enrichment.durationSeconds" $request)) -}}
{{- if and $dispatcher (lt (float64 (include "clay-enrichment.durationSeconds" $result)) $twice) -}}
{{- fail (printf "RESULT_TIMEOUT (enrichment.config.resultTimeout) %s is shorter than twice CLAY_REQUEST_TIMEOUT (enrichment.config.clay.requestTimeout) %s: the dispatcher starts no POST that could end after its attempt's deadline, so the service would refuse to start; give resultTimeout at least %v seconds or shorten clay.requestTimeout" $result $request $twice) -}}
{{- end -}}
{{- end -}}
{{- end -}}
