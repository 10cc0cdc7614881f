{{/* The name of every object: the profile's schedulerName. */}}
{{- define "kubecxx-scheduler.name" -}}
{{- .Values.schedulerName | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kubecxx-scheduler.labels" -}}
app.kubernetes.io/name: kubecxx-scheduler
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "kubecxx-scheduler.selectorLabels" -}}
app.kubernetes.io/name: kubecxx-scheduler
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
