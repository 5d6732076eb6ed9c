# Shell functions shared by jobs/submit.sh and jobs/local-cluster.sh (sourced, not run).

# split_at_dashes ARGS...: spark_args = the arguments before the first "--", job_args = those after
# it (all of them when there is no "--"). Sets the caller's arrays (declare them local to keep them so).
split_at_dashes() {
  spark_args=()
  job_args=("$@")
  local i
  for ((i = 0; i < $#; i++)); do
    if [ "${job_args[$i]}" = "--" ]; then
      spark_args=("${job_args[@]:0:$i}")
      job_args=("${job_args[@]:$((i + 1))}")
      return
    fi
  done
}
