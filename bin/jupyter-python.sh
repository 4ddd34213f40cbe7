# Sourced by bin/*.sh: sets PY to a Python that has Jupyter (nbclient + notebook), or leaves it empty.
PY=""
for candidate in "${TRAINLAB_PYTHON:-}" /usr/bin/python3 python3; do
  [ -n "$candidate" ] || continue
  if "$candidate" -c 'import nbclient, nbformat, jupyter_client, notebook' >/dev/null 2>&1; then PY="$candidate"; break; fi
done
