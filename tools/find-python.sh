#!/bin/sh
# Prints the path of a Python 3.12 or later for the Makefile's virtual environment: the portal's
# Django 6.1 needs it. Looks for python3.13/python3.12 on PATH, then pyenv's versions (newest
# first), then Debian's /usr/bin/python3.1x; exits 1 with a message when there is none.
set -u

runs() {  # the interpreter runs and is 3.12 or later
    [ -n "$1" ] && [ -x "$1" ] && "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null
}

for name in python3.13 python3.12 python3; do
    found=$(command -v "$name" 2>/dev/null || true)
    if runs "$found"; then echo "$found"; exit 0; fi
done

root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for found in $(ls -d "$root"/versions/3.1[3-9]* "$root"/versions/3.12* 2>/dev/null | sort -rV); do
    if runs "$found/bin/python"; then echo "$found/bin/python"; exit 0; fi
done

for found in $(ls /usr/bin/python3.1[2-9] 2>/dev/null | sort -rV); do
    if runs "$found"; then echo "$found"; exit 0; fi
done

echo "No Python 3.12 or later found: the portal (Django 6.1) needs Python 3.12+." >&2
echo "Install one (apt-get install python3.12 on Debian 13, or pyenv install 3.13) and run make again." >&2
exit 1
