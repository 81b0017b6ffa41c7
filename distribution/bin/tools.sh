# Sourced by jemu's scripts: makes sure a build tool from Debian's packages is installed.
# jemu_need_tool COMMAND PACKAGE: installs PACKAGE with apt-get when COMMAND is missing and we are root, else explains.
jemu_need_tool() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "jemu: installing $2 (for $1) ..." >&2
    if ! { apt-get install -y -qq --no-install-recommends "$2" >/dev/null 2>&1 \
           || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends "$2" >/dev/null 2>&1; }; }; then
      echo "jemu: could not install $2; install it (apt-get install $2) and run this again." >&2
      return 1
    fi
    return 0
  fi
  echo "jemu: $1 is missing; install it (apt-get install $2) and run this again." >&2
  return 1
}
