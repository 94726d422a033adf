{{/*
The platform's topics: name, whether it is compacted (keyed latest-value topics), and for a topic whose
records need one total order its own partitions and retention (the service's TopicLayout.ordered).
*/}}
{{- define "clay-enrichment.topicList" -}}
- name: {{ .Values.topics.requests }}
  compacted: false
- name: {{ .Values.topics.results }}
  compacted: true
- name: {{ .Values.topics.deadLetters }}
  compacted: false
- name: {{ .Values.topics.outbound }}
  compacted: false
- name: {{ printf "%s.urgent" .Values.topics.outbound }}
  compacted: false
- name: {{ printf "%s.backfill" .Values.topics.outbound }}
  compacted: false
- name: {{ .Values.topics.budgets }}
  compacted: true
- name: {{ .Values.topics.urlSubmissions }}
  compacted: true
- name: {{ .Values.topics.receipts }}
  compacted: false
- name: {{ .Values.topics.budgetChanges }}
  compacted: false
  partitions: 1
  retentionMs: "604800000"
- name: {{ .Values.topics.workspaceGrants }}
  compacted: false
  retentionMs: "86400000"
{{- end -}}

{{- define "clay-enrichment.topicsJobEnabled" -}}
{{- if and .Values.topics.provisioner.enabled (not .Values.topics.strimzi.enabled) -}}true{{- end -}}
{{- end -}}

{{/* The Secret the topic Job reads Kafka credentials from: the user's, or a hook-time copy made before install. */}}
{{- define "clay-enrichment.topicsSecretName" -}}
{{- default (printf "%s-topics" (include "clay-enrichment.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}
