# Sourced by jemu's scripts: finds a JDK >= 25 and sets JEMU_JDK to its home, or explains what to install.
# Order: $JAVA_HOME if it is a JDK >= 25, else the newest JDK >= 25 installed beside the default JDK.
jemu_jdk_major() {
  # Prints the feature release (e.g. 25) of the JDK at $1, or nothing when it is not a usable JDK.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

jemu_find_jdk() {
  local want=25 candidate major best="" best_major=0 default_java jvm_dir
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(jemu_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$want" ]; then JEMU_JDK=$JAVA_HOME; return 0; fi
  fi
  default_java=$(command -v java 2>/dev/null || true)
  if [ -n "$default_java" ]; then
    # /usr/lib/jvm/<jdk>/bin/java -> look at every JDK in /usr/lib/jvm
    jvm_dir=$(dirname "$(dirname "$(dirname "$(readlink -f "$default_java")")")")
  fi
  for candidate in "${jvm_dir:-/usr/lib/jvm}"/* /usr/lib/jvm/* /opt/java/* /opt/*jdk*; do
    [ -d "$candidate" ] || continue
    major=$(jemu_jdk_major "$candidate")
    [ -n "$major" ] || continue
    if [ "$major" -ge "$want" ] && [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  if [ -n "$best" ]; then JEMU_JDK=$best; return 0; fi
  {
    echo "jemu: no JDK 25 or newer found."
    echo "  JAVA_HOME=${JAVA_HOME:-<unset>} is not one, and none is installed beside the default JDK (${jvm_dir:-/usr/lib/jvm})."
    echo "  Install one (for example Debian/Ubuntu: apt-get install temurin-25-jdk, or openjdk-25-jdk),"
    echo "  or point JAVA_HOME at a JDK 25+ and run this again."
  } >&2
  return 1
}
