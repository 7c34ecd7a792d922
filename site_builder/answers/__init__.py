"""Participants' answers from outside: one answer file (`answer_file`) or a cohort's
responses (`responses`: CSV form exports, saved JSON, YAML, filled PDF worksheets), every
bad row or value reported by place, and the good ones kept."""
