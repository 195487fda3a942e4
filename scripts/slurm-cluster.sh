#!/usr/bin/env bash
# Starts (or stops) a one-node Slurm cluster on this machine for turnbench's Slurm tests:
# munged, slurmctld and slurmd, with a partition "turnbench" that runs several array tasks at once.
# Needs root and Debian's slurm-wlm + munge. Config and state live under $TURNBENCH_SLURM_DIR
# (default /tmp/turnbench-slurm); commands find it through SLURM_CONF=$dir/slurm.conf, which the
# script prints. Idempotent: a cluster already answering `sinfo` is left as it is.
#   bash scripts/slurm-cluster.sh start   # prints "SLURM_CONF=…" once the node is idle
#   bash scripts/slurm-cluster.sh stop
set -euo pipefail
dir=${TURNBENCH_SLURM_DIR:-/tmp/turnbench-slurm}
conf=$dir/slurm.conf
export SLURM_CONF=$conf

stop() {
  for pidfile in "$dir"/slurmd.pid "$dir"/slurmctld.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  rm -f "$dir"/*.pid
}

if [ "${1:-start}" = stop ]; then stop; exit 0; fi

if [ -f "$conf" ] && timeout 5 sinfo -h >/dev/null 2>&1 && [ -n "$(sinfo -h -o %T 2>/dev/null | grep -E 'idle|mix|alloc')" ]; then
  echo "SLURM_CONF=$conf"
  exit 0
fi
command -v slurmctld >/dev/null || { echo "slurm-wlm is not installed (apt-get install slurm-wlm munge)" >&2; exit 1; }

mkdir -p "$dir/state" "$dir/spool" "$dir/log"
host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
cat > "$conf" <<CONF
ClusterName=turnbench
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=${TURNBENCH_SLURMCTLD_PORT:-6817}
SlurmdPort=${TURNBENCH_SLURMD_PORT:-6818}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MaxArraySize=1001
NodeName=$host CPUs=$cpus RealMemory=$mem Sockets=1 CoresPerSocket=$cpus ThreadsPerCore=1 State=UNKNOWN
PartitionName=turnbench Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:8
CONF

# munge: the Debian package ships a key; start the daemon if it is not answering.
if ! munge -n >/dev/null 2>&1; then
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge /etc/munge 2>/dev/null || true
  [ -s /etc/munge/munge.key ] || { mungekey --create 2>/dev/null || create-munge-key -f; chown munge:munge /etc/munge/munge.key; }
  runuser -u munge -- munged 2>/dev/null || munged --force
  for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
fi

stop
slurmctld -f "$conf"
slurmd -f "$conf"
for _ in $(seq 120); do
  state=$(sinfo -h -o %T 2>/dev/null || true)
  case "$state" in idle*|mix*|alloc*) echo "SLURM_CONF=$conf"; exit 0 ;; esac
  [ "$state" = "down" ] || [ "$state" = "down*" ] && scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true
  sleep 0.5
done
echo "Slurm node did not come up; logs in $dir/log" >&2
exit 1
