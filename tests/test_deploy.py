"""The deployment files (issue 19) checked offline, without a container runtime: the reverse
proxy's configuration by nginx itself (``nginx -t``, Debian's nginx), the Compose file by
Debian's docker-compose (``config``: its own schema and interpolation, no daemon), the
Kubernetes manifests by kubernetes-validate (PyPI: the API's JSON schemas bundled, strict, no
cluster), and the Dockerfile read line by line for what the image promises (not root, the
health check, the exec form, nothing downloaded at run time). Each checker is also shown a
broken file and must refuse it: a check that cannot fail checks nothing.

``make test`` installs nginx and docker-compose (Debian) like chromium and postgresql; without
them their checks are skipped, and fail under CI=true."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from tools import proxy

DEPLOY = ROOT / "deploy"
KUBERNETES_VERSION = "1.30.0"   # the oldest version still supported upstream when written
REQUIRED = os.environ.get("CI") == "true"


def need(command: str) -> str:
    found = proxy.nginx() if command == "nginx" else shutil.which(command)
    if found is None:
        message = f"{command} is not installed (make test installs it as root)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    return found


# -- the reverse proxy -------------------------------------------------------------------------

def test_the_proxys_configuration_is_valid_for_nginx(tmp_path):
    need("nginx")
    main = proxy.render(tmp_path, "127.0.0.1:18080", ["127.0.0.1:18501", "127.0.0.1:18502"])
    checked = proxy.check(main)
    assert checked.returncode == 0, checked.stderr
    conf = (tmp_path / "app.conf").read_text()
    assert "${" not in conf  # every placeholder filled
    # what keeps a browser on one server and its websocket open
    for line in ("hash $balance_route consistent;", "proxy_set_header Upgrade $http_upgrade;",
                 "proxy_read_timeout 1d;", "proxy_next_upstream error timeout"):
        assert line in conf
    broken = tmp_path / "broken"
    broken.mkdir()
    bad = tmp_path / "bad.template"
    bad.write_text(conf.replace("proxy_http_version 1.1;", "proxy_http_version 1.1"))
    refused = proxy.check(proxy.render(broken, "127.0.0.1:18080", ["127.0.0.1:1"],
                                       template=bad))
    assert refused.returncode != 0


def test_the_proxy_serves_the_published_register_as_files(tmp_path):
    """The public register (issue 34) is served by nginx from the folder the app servers
    publish into: no app server answers (none runs here), typed as the files are, compressed,
    cached a minute; the files being written and the locks are not served."""
    import gzip
    import json
    import socket
    import urllib.error
    import urllib.request

    from report import published
    from store import open_library
    from store.committee import ADMIN, Actor, Committee

    need("nginx")
    library = open_library(f"sqlite:///{tmp_path / 'library.sqlite3'}")
    found = Committee(library.engine)
    chair = Actor("chair", "Chair", frozenset({ADMIN}))
    water = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
    number = found.submit(chair, library.save(water, project="Fuites").entry_id)
    register = tmp_path / "register"
    published.publish(found, register, dossiers=False, home_language="fr")
    library.engine.dispose()
    (register / ".registre-ia.csv.tmp").write_text("half written")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    where = tmp_path / "proxy"
    where.mkdir()
    # no app server: only the files are asked for (the upstream is a closed port)
    server = proxy.Proxy(where, f"127.0.0.1:{port}", ["127.0.0.1:9"], register_dir=register,
                         ready="/registre/")
    try:
        def get(path: str, **headers) -> tuple[int, dict, bytes]:
            request = urllib.request.Request(server.url + path, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    return answer.status, dict(answer.headers), answer.read()
            except urllib.error.HTTPError as exc:
                return exc.code, dict(exc.headers), b""

        status, headers, body = get("/registre/", **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers["Content-Encoding"] == "gzip" and "max-age=60" in headers[
            "Cache-Control"] and headers.get("ETag")
        assert "Registre public des projets d" in gzip.decompress(body).decode()
        status, headers, body = get(f"/registre/fr/projets/{number}.html")
        assert status == 200 and b"Fuites" in body
        status, headers, _ = get("/registre/registre-ia.csv")
        assert status == 200 and headers["Content-Type"].startswith("text/csv")
        status, headers, _ = get("/registre/registre-ia.json")
        assert status == 200 and headers["Content-Type"].startswith("application/json")
        for hidden in ("/registre/.lock", "/registre/.registre-ia.csv.tmp"):
            assert get(hidden)[0] == 404
        # outside the folder: nginx resolves the path to the app's location (no app: 502)
        assert get("/registre/../library.sqlite3")[0] != 200
    finally:
        server.stop()


# -- Compose ------------------------------------------------------------------------------------

def compose_config(compose: str, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([compose, "-f", str(path), "config", "-q"], capture_output=True,
                          text=True, timeout=60, cwd=path.parent,
                          env=dict(os.environ, POSTGRES_PASSWORD="only-for-the-check"))


def test_the_compose_file_is_valid(tmp_path):
    compose = need("docker-compose")
    checked = compose_config(compose, DEPLOY / "compose.yaml")
    assert checked.returncode == 0, checked.stderr
    spec = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = spec["services"]
    assert {"db", "app1", "app2", "proxy"} <= set(services)
    for name in ("app1", "app2"):
        app = services[name]
        assert "/_stcore/health" in " ".join(app["healthcheck"]["test"])
        assert app["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
        assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert "app1:8501" in services["proxy"]["environment"]["APP_UPSTREAMS"]
    assert "app2:8501" in services["proxy"]["environment"]["APP_UPSTREAMS"]
    bad = tmp_path / "compose.yaml"
    bad.write_text((DEPLOY / "compose.yaml").read_text().replace("stop_grace_period: 30s",
                                                                 "stop_grace_period: [30]"))
    assert compose_config(compose, bad).returncode != 0


# -- Kubernetes ---------------------------------------------------------------------------------

def manifests() -> list[tuple[str, dict]]:
    out = []
    for path in sorted((DEPLOY / "kubernetes").glob("*.yaml")):
        out += [(path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc]
    return out


def test_the_kubernetes_manifests_are_valid():
    kv = pytest.importorskip("kubernetes_validate")
    docs = manifests()
    kinds = {doc["kind"] for _, doc in docs}
    assert {"Deployment", "Service", "Ingress", "StatefulSet", "Secret"} <= kinds
    for name, doc in docs:
        kv.validate(doc, KUBERNETES_VERSION, strict=True)  # raises on any error
    deployment = next(doc for _, doc in docs if doc["kind"] == "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/_stcore/health"
    assert container["livenessProbe"]["httpGet"]["path"] == "/_stcore/health"
    assert pod["securityContext"]["runAsNonRoot"] is True
    ingress = next(doc for _, doc in docs if doc["kind"] == "Ingress")
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    broken = dict(deployment, spec=dict(deployment["spec"], replicas="two"))
    with pytest.raises(kv.ValidationError):
        kv.validate(broken, KUBERNETES_VERSION, strict=True)


# -- the image ----------------------------------------------------------------------------------

def test_the_dockerfile_runs_as_a_user_with_a_health_check_and_downloads_nothing_later():
    text = (ROOT / "Dockerfile").read_text()
    kept = [line.strip() for line in text.splitlines()
            if line.strip() and not line.strip().startswith("#")]
    lines = []  # one entry per instruction, its continuation lines joined
    for line in kept:
        if lines and lines[-1].endswith("\\"):
            lines[-1] = lines[-1][:-1].rstrip() + " " + line
        else:
            lines.append(line)
    instructions = [line.split()[0] for line in lines]
    assert instructions[0] == "FROM" and instructions.count("FROM") == 1
    user = [line for line in lines if line.startswith("USER ")]
    assert user and user[-1].split()[1] not in ("root", "0")
    assert instructions.index("USER") > instructions.index("COPY")  # files copied, then dropped
    health = next(line for line in lines if line.startswith("HEALTHCHECK"))
    assert "/_stcore/health" in health
    cmd = [line for line in lines if line.startswith("CMD ")][-1]
    # exec form, through the checks of cli.serve (which execs streamlit: it gets the signal)
    assert cmd.startswith('CMD ["') and "cli.serve" in cmd
    assert "playwright install" not in " ".join(lines)
    assert "chromium" in " ".join(lines)  # Debian's, installed at build time
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".streamlit/secrets.toml" in ignored and ".git" in ignored and "var" in ignored
