{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "novai.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: <release>-<chart>, or the release name when it already contains the chart name. */}}
{{- define "novai.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "novai.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Standard labels of every resource. */}}
{{- define "novai.labels" -}}
helm.sh/chart: {{ include "novai.chart" . }}
{{ include "novai.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: novai
{{- end }}

{{- define "novai.selectorLabels" -}}
app.kubernetes.io/name: {{ include "novai.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of one component: (dict "ctx" $ "component" "gateway") */}}
{{- define "novai.componentLabels" -}}
{{ include "novai.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "novai.componentSelector" -}}
{{ include "novai.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Name of one component's resources, e.g. novai-gateway. */}}
{{- define "novai.componentName" -}}
{{- printf "%s-%s" (include "novai.fullname" .ctx) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Image of one component: (dict "ctx" $ "image" .Values.gateway.image) */}}
{{- define "novai.image" -}}
{{- $repository := .image.repository -}}
{{- with .ctx.Values.image.registry }}{{ $repository = printf "%s/%s" (trimSuffix "/" .) $repository }}{{ end -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $repository .image.digest }}
{{- else -}}
{{- $tag := .image.tag | default .ctx.Values.image.tag | default .ctx.Chart.AppVersion -}}
{{- printf "%s:%s" $repository $tag }}
{{- end -}}
{{- end }}

{{- define "novai.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "novai.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "novai.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "novai.fullname" .)) }}
{{- end }}

{{/* The JDBC URL of the gateway's database: external, or the in-cluster development PostgreSQL. */}}
{{- define "novai.databaseUrl" -}}
{{- if .Values.database.url }}
{{- .Values.database.url }}
{{- else if .Values.devPostgresql.enabled }}
{{- printf "jdbc:postgresql://%s:5432/%s" (include "novai.componentName" (dict "ctx" . "component" "postgresql")) .Values.devPostgresql.database }}
{{- else }}
{{- fail "set database.url (an external PostgreSQL) or enable devPostgresql" }}
{{- end }}
{{- end }}

{{- define "novai.databaseUsername" -}}
{{- if .Values.database.url }}{{ .Values.database.username }}{{ else }}{{ .Values.devPostgresql.username }}{{ end }}
{{- end }}

{{- define "novai.redisUrl" -}}
{{- if .Values.redis.url }}
{{- .Values.redis.url }}
{{- else if .Values.devRedis.enabled }}
{{- printf "redis://%s:6379" (include "novai.componentName" (dict "ctx" . "component" "redis")) }}
{{- end }}
{{- end }}

{{- define "novai.terminationGracePeriodSeconds" -}}
{{- add .Values.shutdown.preStopSleepSeconds .Values.shutdown.drainDeadlineSeconds .Values.shutdown.terminationMarginSeconds }}
{{- end }}

{{/*
A value from the Secret as an env var. Optional keys (provider keys: a provider without one is left out; the
admin token: without it the admin API is off) leave the variable unset; a required one (the database password)
keeps the pod from starting when the Secret lacks it, so that a misspelt existingSecret shows at once.
*/}}
{{- define "novai.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "novai.secretName" .ctx }}
      key: {{ .key }}
      optional: {{ not .required }}
{{- end }}

{{/* Environment every NovAI service shares: drain deadline, JVM options, OpenTelemetry. */}}
{{- define "novai.commonEnv" -}}
{{- $values := index .ctx.Values .component -}}
- name: SHUTDOWN_DRAIN_DASH_DEADLINE
  value: {{ printf "PT%dS" (int .ctx.Values.shutdown.drainDeadlineSeconds) | quote }}
- name: DJL_CACHE_DIR
  value: /tmp/djl
# the CPU request, rounded up: the JVM (and onnxruntime, which asks it) sizes its thread pools by it, not by
# the node's cores (no CPU limit is set)
- name: CPU_REQUEST
  valueFrom:
    resourceFieldRef:
      resource: requests.cpu
      divisor: "1"
- name: JDK_JAVA_OPTIONS
  value: {{ printf "-XX:MaxRAMPercentage=%v -XX:InitialRAMPercentage=25 -XX:ActiveProcessorCount=$(CPU_REQUEST) %s" $values.heapPercent ($values.jvmOptions | default "") | trim | quote }}
{{- if .ctx.Values.otel.endpoint }}
- name: OTEL_SERVICE_NAME
  value: {{ printf "novai-%s" .component | quote }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .ctx.Values.otel.endpoint | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ .ctx.Values.otel.protocol | quote }}
- name: OTEL_TRACES_SAMPLER
  value: {{ .ctx.Values.otel.sampler | quote }}
{{- with .ctx.Values.otel.samplerArg }}
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ . | quote }}
{{- end }}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: OTEL_RESOURCE_ATTRIBUTES
  value: "k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE),service.namespace=novai"
{{- end }}
{{- with $values.env }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Pod-level settings every NovAI service shares. */}}
{{- define "novai.podCommon" -}}
{{- $values := index .ctx.Values .component -}}
serviceAccountName: {{ include "novai.serviceAccountName" .ctx }}
automountServiceAccountToken: false
terminationGracePeriodSeconds: {{ include "novai.terminationGracePeriodSeconds" .ctx }}
securityContext:
  {{- toYaml .ctx.Values.podSecurityContext | nindent 2 }}
{{- with .ctx.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .ctx.Values.topologySpread.enabled }}
topologySpreadConstraints:
{{- range .ctx.Values.topologySpread.topologyKeys }}
  - maxSkew: {{ $.ctx.Values.topologySpread.maxSkew }}
    topologyKey: {{ . }}
    whenUnsatisfiable: {{ $.ctx.Values.topologySpread.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- include "novai.componentSelector" $ | nindent 8 }}
    # spread each rollout's pods by themselves, not together with the old ones going away
    matchLabelKeys: [pod-template-hash]
{{- end }}
{{- end }}
{{- with $values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Container settings every NovAI container shares: image, security, resources. */}}
{{- define "novai.containerCommon" -}}
{{- $values := index .ctx.Values .component -}}
image: {{ include "novai.image" (dict "ctx" .ctx "image" $values.image) }}
imagePullPolicy: {{ .ctx.Values.image.pullPolicy }}
securityContext:
  {{- toYaml .ctx.Values.containerSecurityContext | nindent 2 }}
resources:
  {{- toYaml $values.resources | nindent 2 }}
{{- end }}

{{/* The pre-stop pause of a serving container (init containers have no lifecycle). */}}
{{- define "novai.preStop" -}}
lifecycle:
  preStop:
    # let endpoints and DNS forget the pod before SIGTERM starts the drain
    exec:
      command: ["sleep", "{{ .Values.shutdown.preStopSleepSeconds }}"]
{{- end }}

{{/* HorizontalPodAutoscaler and PodDisruptionBudget of one component. */}}
{{- define "novai.scaling" -}}
{{- $values := index .ctx.Values .component -}}
{{- if $values.autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "novai.componentName" . }}
  labels:
    {{- include "novai.componentLabels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "novai.componentName" . }}
  minReplicas: {{ $values.autoscaling.minReplicas }}
  maxReplicas: {{ $values.autoscaling.maxReplicas }}
  metrics:
    {{- with (and (eq .component "gateway") $values.autoscaling.activeStreamsPerPod) }}
    # open SSE streams per pod: what a gateway pod is busy with (an idle stream costs no CPU)
    - type: Pods
      pods:
        metric:
          name: novai_gateway_active_streams
        target:
          type: AverageValue
          averageValue: {{ . | quote }}
    {{- end }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $values.autoscaling.targetCPUUtilizationPercentage }}
    {{- with $values.autoscaling.extraMetrics }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  behavior:
    scaleDown:
      # streams are long: scale down slowly so that draining pods are few at a time
      stabilizationWindowSeconds: 300
      policies:
        - type: Pods
          value: 1
          periodSeconds: 60
{{- end }}
{{- if $values.podDisruptionBudget.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "novai.componentName" . }}
  labels:
    {{- include "novai.componentLabels" . | nindent 4 }}
spec:
  minAvailable: {{ $values.podDisruptionBudget.minAvailable }}
  selector:
    matchLabels:
      {{- include "novai.componentSelector" . | nindent 6 }}
{{- end }}
{{- end }}

{{/* The gateway's database connection (gateway container and migration step). */}}
{{- define "novai.databaseEnv" -}}
- name: NOVAI_DATABASE_URL
  value: {{ include "novai.databaseUrl" . | quote }}
- name: NOVAI_DATABASE_USERNAME
  value: {{ include "novai.databaseUsername" . | quote }}
{{ include "novai.secretEnv" (dict "ctx" . "name" "NOVAI_DATABASE_PASSWORD" "key" "database-password" "required" true) }}
{{- end }}

{{/* The model registry document: modelRegistry.content, else the chart's files/models.yaml. */}}
{{- define "novai.modelRegistry" -}}
{{- .Values.modelRegistry.content | default (.Files.Get "files/models.yaml") }}
{{- end }}

{{/*
The gRPC backends this release runs, as a JSON list (range over `include "novai.backends" . | fromJsonArray`):
inference and embedding always, tools when tools.enabled. Each has the values of its name (port, image, ...), a
Deployment, a headless Service <fullname>-<backend>-headless and a target the gateway is given.
*/}}
{{- define "novai.backends" -}}
{{- $backends := list "inference" "embedding" }}
{{- if .Values.tools.enabled }}
{{- $backends = append $backends "tools" }}
{{- end }}
{{- toJson $backends }}
{{- end }}

{{/* The gateway's gRPC target of one backend: (dict "ctx" $ "component" "inference"), its headless Service's DNS. */}}
{{- define "novai.backendTarget" -}}
{{- printf "dns:///%s-headless:%d" (include "novai.componentName" .) (int (index .ctx.Values .component "port")) }}
{{- end }}

{{/* Egress to the cluster's DNS (any namespace's kube-dns / CoreDNS pods), for every NovAI pod. */}}
{{- define "novai.dnsEgress" -}}
- to:
    - namespaceSelector: {}
      podSelector:
        matchLabels:
          k8s-app: kube-dns
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end }}
