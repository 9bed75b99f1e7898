/* report.h -- a gradient check rendered as a readable table, as TAP, or as
 * tab-separated values. */

#ifndef BP_REPORT_H
#define BP_REPORT_H

#include <stdio.h>
#include "gradcheck.h"
#include "verdict.h"

/* The table, one line per gradient, then a paragraph per root cause and a
 * verdict.  detail has bit (1u << id) for each gradient whose worst entries
 * are listed; color adds ANSI colours to the statuses. */
void bp_report_text (FILE *f, const bp_gradcheck *r, unsigned detail,
                     int color);

/* TAP version 13: one test point per checked gradient, the diagnosis as
 * '#' lines; absent gradients are skipped. */
void bp_report_tap (FILE *f, const bp_gradcheck *r);

/* The TSV of DESIGN.md: a '# gradcheck loss=...' line, a header line, and
 * one line per gradient: grad rows cols global_err local_err worst status
 * cause where. */
void bp_report_tsv (FILE *f, const bp_gradcheck *r);

/* A verdict (verdict.h) in the same three forms: the convention, the
 * scores and the loss first (text: before the table; TAP: test points
 * `scores' and `loss' before the gradients'; TSV: rows `scores' and
 * `loss' after them, and convention=NAME in the first line), then the
 * check, with each root cause's line of the student's code where the
 * verdict knows it, the student's own loss's judgement of the parameter
 * gradients (text), and the hint. */
void bp_report_verdict_text (FILE *f, const bp_verdict *v, unsigned detail,
                             int color);
void bp_report_verdict_tap (FILE *f, const bp_verdict *v);
void bp_report_verdict_tsv (FILE *f, const bp_verdict *v);

/* The step sweep as a table: one row per step, one column per gradient. */
void bp_report_sweep (FILE *f, double err[BP_SWEEP_STEPS][BP_NGRADS]);

/* The nearest gradient upstream of id that is not ok (the one id
 * inherits from), or -1. */
int bp_report_inherits_from (const bp_gradcheck *r, enum bp_grad_id id);

#endif /* BP_REPORT_H */
