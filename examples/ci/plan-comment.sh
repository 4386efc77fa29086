#!/bin/sh
# plan-comment.sh: run `expand-pool-backups plan` on a pull request and report it.
#
# Run it in a checkout of the pull request with the base branch fetched (full history, or at
# least the merge base). It compares PACKAGE_PATH as BASE_REF has it with the same path in the
# working tree, prints the plan to the job log, and puts the Markdown form where people read it:
# one comment on the pull request (edited on every run), else the job summary, else stdout.
#
# Inputs (environment):
#   BASE_REF       required; the revision to compare with, e.g. origin/main
#   PACKAGE_PATH   the package directory or file to plan (default .)
#   PLAN_BIN       the expand-pool-backups command (default expand-pool-backups)
#   PLAN_CONFIG    optional --config FILE (read at BASE_REF for the base, as in the working tree for the change)
#   PR_NUMBER      the pull request to comment on; with GH_TOKEN or GITHUB_TOKEN and `gh` on PATH
#   GITHUB_STEP_SUMMARY   when set, the Markdown plan is appended to it too
#   FAIL_ON_DATA   true: also fail when the change affects data (see the policy)
#
# Policy: the job's exit status, from the plan's exit code
#   0  nothing rejected, no data affected         -> pass
#   3  Kubernetes will reject part of the change  -> FAIL (a sync would stay failed)
#   5  rejected and data-affecting                -> FAIL
#   4  data-affecting only (deletes pods or volumes, moves backups, drops prune protection)
#                                                 -> pass with a warning; FAIL when FAIL_ON_DATA=true
#   6  a pool or the Shard stops serving (a Service selector no running pod matches, every
#      replica of a pool at 0, a Shard moved to another namespace)
#                                                 -> FAIL
#   7, 8, 9  stops serving, and rejected (7), data-affecting (8) or both (9)
#                                                 -> FAIL
#   1  the plan could not be made (a side does not render, bad revision, not a git checkout...)
#                                                 -> FAIL
#   anything else (2 usage, 126/127 no such command...) -> FAIL
# When the job fails it exits with the plan's own exit code. A comment that cannot be posted
# (a pull request from a fork gets a read-only token) is a warning, never a failure: the plan
# is still in the log and in the job summary.
set -u

: "${BASE_REF:?set BASE_REF to the revision to compare with, e.g. origin/main}"
PACKAGE_PATH=${PACKAGE_PATH:-.}
PLAN_BIN=${PLAN_BIN:-expand-pool-backups}
PLAN_CONFIG=${PLAN_CONFIG:-}
PR_NUMBER=${PR_NUMBER:-}
FAIL_ON_DATA=${FAIL_ON_DATA:-false}
TOKEN=${GH_TOKEN:-${GITHUB_TOKEN:-}}
# GitHub refuses comments over 65536 characters; keep room for the note added when cutting.
MAX_COMMENT_BYTES=${MAX_COMMENT_BYTES:-60000}

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
markdown=$work/plan.md
errors=$work/plan.err
body=$work/comment.md

annotate() { # level message: a GitHub Actions annotation there, a plain line elsewhere
  if [ "${GITHUB_ACTIONS:-}" = true ]; then echo "::$1::$2"; else echo "plan-comment: $1: $2" >&2; fi
}

set -- plan --base "$BASE_REF" "$PACKAGE_PATH"
if [ -n "$PLAN_CONFIG" ]; then set -- "$@" --config "$PLAN_CONFIG"; fi

# The plan for people reading the log; its errors, if any, are printed once, from the run below.
"$PLAN_BIN" "$@" --output text 2>/dev/null || true

"$PLAN_BIN" "$@" --output markdown >"$markdown" 2>"$errors"
code=$?

if [ -s "$markdown" ]; then
  if [ "$(wc -c <"$markdown")" -gt "$MAX_COMMENT_BYTES" ]; then
    LC_ALL=C awk -v max="$MAX_COMMENT_BYTES" '{ n += length($0) + 1; if (n > max) exit; print }' "$markdown" >"$body"
    printf '\n---\n_The plan is longer than a comment can hold: the whole plan is in the job log._\n' >>"$body"
  else
    cp "$markdown" "$body"
  fi
else
  # No plan (exit 1 or 2): say why, in the place the plan would have been.
  {
    echo '## expand-pool-backups plan'
    echo
    echo "The plan of \`$PACKAGE_PATH\` against \`$BASE_REF\` could not be made (exit $code):"
    echo
    echo '```'
    if [ -s "$errors" ]; then head -c 20000 "$errors"; else echo "(no message; is $PLAN_BIN installed?)"; fi
    echo '```'
  } >"$body"
fi
if [ -s "$errors" ]; then cat "$errors" >&2; fi

posted=false
if [ -n "$PR_NUMBER" ] && [ -n "$TOKEN" ] && command -v gh >/dev/null 2>&1; then
  # One comment per pull request: edit this user's last comment, or create the first one.
  # (--edit-last edits the last comment of the token's user on the PR and fails when there is none.)
  if gh pr comment "$PR_NUMBER" --body-file "$body" --edit-last >/dev/null 2>"$work/gh.err"; then
    posted=true
  elif gh pr comment "$PR_NUMBER" --body-file "$body" >/dev/null 2>>"$work/gh.err"; then
    posted=true
  else
    annotate warning "could not comment on pull request $PR_NUMBER: $(tail -n 1 "$work/gh.err")"
  fi
fi

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$body" >>"$GITHUB_STEP_SUMMARY"
elif [ "$posted" = false ]; then
  echo
  cat "$body"
fi

case $code in
  0) exit 0 ;;
  4)
    if [ "$FAIL_ON_DATA" = true ]; then
      annotate error "the change affects data (plan exit 4) and FAIL_ON_DATA=true: read what it deletes or where backups go"
      exit 4
    fi
    annotate warning "the change affects data (plan exit 4): read what it deletes or where backups go before merging"
    exit 0
    ;;
  3 | 5)
    annotate error "Kubernetes will reject part of this change (plan exit $code): apply the procedure the plan gives first"
    exit "$code"
    ;;
  6 | 7 | 8 | 9)
    annotate error "part of the database stops serving (plan exit $code): read which pools or Shards are left without a running pod"
    exit "$code"
    ;;
  *)
    annotate error "the plan could not be made (exit $code)"
    exit "$code"
    ;;
esac
