#!/usr/bin/env sh
# coach's tmux plugin (TPM: set -g @plugin '<this repository>'; or run-shell /path/to/coach.tmux).
#
#   the status segment   `coach status` at the start of status-right, refreshed every 15 s,
#                        with room for it (status-right-length at least 80)
#   prefix + B / Z       answer a break prompt: done / snooze (the answer shows as a message;
#                        the pane is never left in view mode)
#   prefix + C           go to the coach window, starting coach there when none is running
#                        (on this tmux server, whatever its socket: -L/-S included)
#
# Options (set them before the plugin line):  @coach-command (default: coach),
# @coach-status (on | off), @coach-done-key (B), @coach-snooze-key (Z), @coach-window-key (C).
# With no argument it installs the above; `window SOCKET CLIENT SESSION` and
# `answer SOCKET CLIENT WHAT` are what the keys run (a key's job has no client of its own, so the
# binding passes the server's socket and the client it was pressed in).

set -u
here=$(cd "$(dirname "$0")" && pwd)
self="$here/$(basename "$0")"

option() { # option NAME DEFAULT: a global user option, or its default
    value=$(tmux show-option -gqv "$1")
    [ -n "$value" ] && printf '%s' "$value" || printf '%s' "$2"
}

case "${1:-install}" in
window)
    socket=$2 client=$3 session=$4
    coach=$(tmux -S "$socket" show-option -gqv @coach-command)
    [ -n "$coach" ] || coach=coach
    found=$(tmux -S "$socket" list-windows -a -F '#{session_name}:#{window_id} #{window_name}' |
        awk '$2 == "coach" { print $1; exit }')
    if [ -n "$found" ]; then
        tmux -S "$socket" switch-client -c "$client" -t "${found%%:*}" \; \
            select-window -t "${found#*:}"
    else
        tmux -S "$socket" new-window -t "$session:" -n coach "$coach"
    fi
    ;;
answer)
    socket=$2 client=$3
    coach=$(tmux -S "$socket" show-option -gqv @coach-command)
    [ -n "$coach" ] || coach=coach
    said=$($coach break "$4" 2>&1 | head -n 1)
    tmux -S "$socket" display-message -c "$client" "coach: ${said:-done}"
    ;;
install)
    coach=$(option @coach-command coach)
    if [ "$(option @coach-status on)" = on ]; then
        right=$(tmux show-option -gqv status-right)
        case "$right" in
        *"$coach status"*) ;;
        *) tmux set-option -g status-right "#($coach status) · $right" ;;
        esac
        length=$(tmux show-option -gqv status-right-length)
        [ "${length:-0}" -ge 80 ] 2>/dev/null || tmux set-option -g status-right-length 80
        interval=$(tmux show-option -gqv status-interval)
        [ "${interval:-15}" -le 15 ] 2>/dev/null || tmux set-option -g status-interval 15
    fi
    tmux set-option -gq allow-passthrough on 2>/dev/null # the break notification (tmux >= 3.3)
    tmux set-option -g bell-action any
    tmux set-option -g visual-bell off
    tmux set-option -g monitor-bell on
    where="'#{socket_path}' '#{client_name}'"
    tmux bind-key "$(option @coach-done-key B)" run-shell -b "'$self' answer $where done"
    tmux bind-key "$(option @coach-snooze-key Z)" run-shell -b "'$self' answer $where snooze"
    tmux bind-key "$(option @coach-window-key C)" \
        run-shell -b "'$self' window $where '#{session_name}'"
    ;;
*)
    echo "coach.tmux: unknown argument $1 (install, window …, answer …)" >&2
    exit 2
    ;;
esac
