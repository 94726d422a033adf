{{/*
The pod template both services share: hardened security contexts, settings from the component's
ConfigMap, credentials from the Secret, probes on the HTTP port, /tmp as an emptyDir.
Arguments: root, component (receiver | enrichment), svc (its values block), volumes and mounts (YAML lists
as strings, for the component's own volumes), intake (whether the pod gets the intake tokens), env (YAML list
as a string: plain env entries that must follow POD_NAME and POD_NAMESPACE, so $(POD_NAME) expands in them).
*/}}
{{- define "clay-enrichment.pod" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $ctx := dict "root" $root "component" .component -}}
{{- $secretGroups := list "kafka" .component -}}
{{- if .intake }}{{ $secretGroups = append $secretGroups "intake" }}{{ end -}}
{{- $extraEnvNames := dict -}}
{{- range $svc.extraEnv }}{{ $_ := set $extraEnvNames .name true }}{{ end -}}
metadata:
  labels:
    {{- include "clay-enrichment.labels" $ctx | nindent 4 }}
    {{- with $svc.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/config: {{ include "clay-enrichment.configChecksum" $ctx }}
    {{- with $svc.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "clay-enrichment.serviceAccountName" $root }}
  automountServiceAccountToken: {{ $root.Values.serviceAccount.automountServiceAccountToken }}
  # A Service named "kafka" would otherwise inject KAFKA_PORT... variables.
  enableServiceLinks: false
  terminationGracePeriodSeconds: {{ $svc.terminationGracePeriodSeconds }}
  {{- with $root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $svc.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  securityContext:
    {{- include "clay-enrichment.podSecurityContext" $root | nindent 4 }}
  containers:
    - name: {{ .component }}
      image: {{ include "clay-enrichment.image" (dict "root" $root "image" $svc.image) }}
      imagePullPolicy: {{ $svc.image.pullPolicy }}
      securityContext:
        {{- include "clay-enrichment.containerSecurityContext" $root | nindent 8 }}
      ports:
        - name: http
          containerPort: {{ $svc.port }}
          protocol: TCP
      envFrom:
        - configMapRef:
            name: {{ include "clay-enrichment.componentName" $ctx }}
        {{- with $svc.extraEnvFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- $secretEnv := include "clay-enrichment.secretEnv" (dict "root" $root "groups" $secretGroups "secretName" (include "clay-enrichment.secretName" $root) "skip" $extraEnvNames) | trim }}
      env:
        # The pod's own identity, for settings such as Kafka Streams' application.server or a static group member id.
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: POD_IP
          valueFrom:
            fieldRef:
              fieldPath: status.podIP
        {{- with .env }}
        {{- . | nindent 8 }}
        {{- end }}
        {{- with $secretEnv }}
        {{- . | nindent 8 }}
        {{- end }}
        {{- with $svc.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      livenessProbe:
        httpGet:
          path: /health/live
          port: http
        {{- toYaml $svc.livenessProbe | nindent 8 }}
      readinessProbe:
        httpGet:
          path: /health/ready
          port: http
        {{- toYaml $svc.readinessProbe | nindent 8 }}
      {{- with $svc.resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      volumeMounts:
        {{- include "clay-enrichment.commonVolumeMounts" $root | nindent 8 }}
        {{- with .mounts }}
        {{- . | nindent 8 }}
        {{- end }}
  volumes:
    {{- include "clay-enrichment.commonVolumes" $root | nindent 4 }}
    {{- with .volumes }}
    {{- . | nindent 4 }}
    {{- end }}
  {{- with $svc.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $svc.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $svc.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $svc.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* A component's ConfigMap of plain settings. Arguments: root, component, env (YAML map as string). */}}
{{- define "clay-enrichment.configMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "clay-enrichment.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "clay-enrichment.labels" . | nindent 4 }}
data:
  {{- range $name, $value := (.env | fromYaml) }}
  {{ $name }}: {{ $value | quote }}
  {{- end }}
{{- end -}}

{{/* A component's PodDisruptionBudget. Arguments: root, component, pdb (values block). */}}
{{- define "clay-enrichment.pdb" -}}
{{- if .pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "clay-enrichment.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "clay-enrichment.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "clay-enrichment.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{/* A component's ClusterIP Service on its http port. Arguments: root, component, service, headless. */}}
{{- define "clay-enrichment.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "clay-enrichment.componentName" . }}{{ if .headless }}-headless{{ end }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "clay-enrichment.labels" . | nindent 4 }}
    {{- if not .headless }}
    clay-enrichment.io/metrics: "true"
    {{- end }}
  {{- with .service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- if .headless }}
  clusterIP: None
  publishNotReadyAddresses: true
  {{- else }}
  type: {{ .service.type }}
  {{- end }}
  selector:
    {{- include "clay-enrichment.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .service.port }}
      targetPort: http
      protocol: TCP
{{- end -}}
