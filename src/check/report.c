/* report.c -- render a gradient check (see report.h). */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_sort.h>

#include "backprop/report.h"

int
bp_report_inherits_from (const bp_gradcheck *r, enum bp_grad_id id)
{
  for (int p = bp_grad_upstream (id); p >= 0; p = bp_grad_upstream (p))
    if (r->g[p].status == BP_STATUS_ROOT)
      return p;
  for (int p = bp_grad_upstream (id); p >= 0; p = bp_grad_upstream (p))
    if (r->g[p].status == BP_STATUS_INHERITED)
      return p;
  return -1;
}

static void
format_err (char *buf, size_t len, double e)
{
  if (isnan (e))
    snprintf (buf, len, "-");
  else
    snprintf (buf, len, "%.1e", e);
}

static void
format_index (char *buf, size_t len, const bp_gradcheck_grad *g)
{
  if (g->status == BP_STATUS_ABSENT || g->checked == 0)
    snprintf (buf, len, "-");
  else
    snprintf (buf, len, "%zu,%zu", g->worst / g->cols, g->worst % g->cols);
}

static const char *
colour_of (bp_status s)
{
  switch (s)
    {
    case BP_STATUS_OK: return "\033[32m";
    case BP_STATUS_ROOT: return "\033[1;31m";
    case BP_STATUS_INHERITED: return "\033[33m";
    default: return "\033[2m";
    }
}

/* The worst entries of a gradient, analytic against numeric: up to 10
 * checked entries, the mismatched ones first, each group by relative
 * error, ties in index order. */
static void
list_worst (FILE *f, const bp_gradcheck_grad *g)
{
  enum { SHOW = 10 };
  size_t n = g->rows * g->cols, top[SHOW], k = n < SHOW ? n : SHOW;
  double *key = malloc (n * sizeof *key);

  if (key == NULL)
    return;
  for (size_t i = 0; i < n; i++)
    {
      double e = g->err_global->data[i];
      key[i] = isnan (g->num_global->data[i]) ? -1.0  /* not checked */
        : (isnan (e) ? 0.0 : e) + (g->bad[i] ? 10.0 : 0.0);
    }
  gsl_sort_largest_index (top, k, key, 1, n);
  for (size_t t = 1; t < k; t++)        /* it leaves ties in any order */
    for (size_t u = t; u > 0 && key[top[u]] == key[top[u - 1]]
           && top[u] < top[u - 1]; u--)
      {
        size_t i = top[u];
        top[u] = top[u - 1];
        top[u - 1] = i;
      }
  fprintf (f, "  %-7s %14s %14s %14s %9s\n", "entry", "analytic",
           "numeric", "numeric local", "rel err");
  for (size_t t = 0; t < k && key[top[t]] >= 0.0; t++)
    {
      size_t i = top[t];
      char idx[32];
      snprintf (idx, sizeof idx, "%zu,%zu", i / g->cols, i % g->cols);
      fprintf (f, "  %-7s %14.6e %14.6e %14.6e %9.1e%s%s\n", idx,
               g->analytic->data[i], g->num_global->data[i],
               g->num_local->data[i], g->err_global->data[i],
               g->bad[i] ? "  mismatch" : "", g->kink[i] ? "  kink" : "");
    }
  free (key);
}

/* The table: one line per selected gradient. */
static void
print_table (FILE *f, const bp_gradcheck *r, int color)
{
  const char *reset = color ? "\033[0m" : "";

  fprintf (f, "%-5s %-8s %10s %10s %9s %8s  %-10s %s\n", "grad", "shape",
           "global err", "local err", "norm err", "worst", "status",
           "cause");
  for (int id = 0; id < BP_NGRADS; id++)
    {
      const bp_gradcheck_grad *g = &r->g[id];
      char shape[32], ge[16], le[16], ne[16], wi[32], st[16], cause[64];
      if (!(r->opts.select & (1u << id)))
        continue;
      snprintf (shape, sizeof shape, "%zux%zu", g->rows, g->cols);
      format_err (ge, sizeof ge, g->global_err);
      format_err (le, sizeof le, g->local_err);
      format_err (ne, sizeof ne, g->status == BP_STATUS_ABSENT ? GSL_NAN
                  : g->global_norm);
      format_index (wi, sizeof wi, g);
      snprintf (st, sizeof st, "%s", g->status == BP_STATUS_ROOT ? "ROOT"
                : bp_status_name (g->status));
      cause[0] = '\0';
      if (g->status == BP_STATUS_ROOT)
        snprintf (cause, sizeof cause, "%s", g->cause);
      else if (g->status == BP_STATUS_INHERITED)
        {
          int from = bp_report_inherits_from (r, id);
          snprintf (cause, sizeof cause, "from %s",
                    from >= 0 ? bp_grad_name (from) : "upstream");
        }
      fprintf (f, "%-5s %-8s %10s %10s %9s %8s  %s%-10s%s %s\n",
               bp_grad_name (id), shape, ge, le, ne, wi,
               color ? colour_of (g->status) : "", st, reset, cause);
    }
  fputc ('\n', f);
}

/* The names of the gradients whose status is s, comma-separated. */
static void
print_names (FILE *f, const bp_gradcheck *r, bp_status s)
{
  for (int id = 0, k = 0; id < BP_NGRADS; id++)
    if (r->g[id].status == s)
      fprintf (f, "%s%s", k++ ? ", " : "", bp_grad_name (id));
}

/* The verdict line. */
static void
print_verdict (FILE *f, const bp_gradcheck *r)
{
  size_t roots = 0, inherited = 0;

  for (int id = 0; id < BP_NGRADS; id++)
    {
      roots += r->g[id].status == BP_STATUS_ROOT;
      inherited += r->g[id].status == BP_STATUS_INHERITED;
    }
  if (roots == 0 && inherited == 0)
    {
      fprintf (f, "verdict: all checked gradients agree with finite "
               "differences.\n");
      return;
    }
  fprintf (f, "verdict: %zu root cause%s (", roots, roots == 1 ? "" : "s");
  print_names (f, r, BP_STATUS_ROOT);
  fprintf (f, ")");
  if (inherited)
    {
      fprintf (f, "; inherited by ");
      print_names (f, r, BP_STATUS_INHERITED);
      fprintf (f, ". Fix the root%s first", roots == 1 ? "" : "s");
    }
  fprintf (f, ".\n");
}

/* The first lines: the problem and how to read the table. */
static void
print_header (FILE *f, const bp_gradcheck *r)
{
  fprintf (f, "gradcheck: N=%zu D=%zu H=%zu C=%zu, reg %g, h %g, "
           "loss %.11f%s\n", r->N, r->D, r->H, r->C, r->reg, r->opts.h,
           r->loss, r->opts.float32 ? " (float32 input: looser tolerances)"
           : "");
}

/* A paragraph for each root cause, at its line of the student's code
 * when the verdict v (or NULL) knows it. */
static unsigned
print_roots (FILE *f, const bp_gradcheck *r, const bp_verdict *v,
             unsigned detail, int color)
{
  const char *reset = color ? "\033[0m" : "";

  for (int id = 0; id < BP_NGRADS; id++)
    {
      const bp_gradcheck_grad *g = &r->g[id];
      if (!(r->opts.select & (1u << id)) || g->status != BP_STATUS_ROOT)
        continue;
      fprintf (f, "%s%s%s is a root cause (%s)", color ? colour_of (g->status)
               : "", bp_grad_name (id), reset, g->cause);
      if (v && v->where[id][0])
        fprintf (f, " at %s: %s", v->where[id], v->where_text[id]);
      if (strcmp (g->cause, "unwritten") == 0)
        fprintf (f, "%s %zu of %zu entries are not written by the call."
                 "\n  %s\n", v && v->where[id][0] ? "\n ": ":",
                 g->bad_local, g->rows * g->cols, g->because);
      else
        fprintf (f, "%s %zu of %zu checked entries disagree with %s "
                 "reference.\n  %s\n", v && v->where[id][0] ? "\n ": ":",
                 g->bad_local ? g->bad_local : g->bad_global, g->checked,
                 g->has_local ? "the local" : "the global", g->because);
      if (strcmp (g->cause, "unknown") == 0)
        detail |= 1u << id;     /* its sentence promises them */
    }
  return detail;
}

/* The worst entries of the gradients in detail, and the kinks. */
static void
print_details (FILE *f, const bp_gradcheck *r, unsigned detail)
{
  size_t kinks = 0, kinks_bad = 0;

  for (int id = 0; id < BP_NGRADS; id++)
    {
      if (!(r->opts.select & (1u << id)))
        continue;
      kinks += r->g[id].kinks;
      kinks_bad += r->g[id].kinks_bad;
      if ((detail & (1u << id)) && r->g[id].status != BP_STATUS_ABSENT)
        {
          fprintf (f, "\n%s: worst entries (analytic vs numeric)\n",
                   bp_grad_name (id));
          list_worst (f, &r->g[id]);
        }
    }
  if (kinks)
    fprintf (f, "%skinks: %zu entries straddle a ReLU kink; judged by "
             "one-sided differences, %zu inconsistent.\n",
             detail ? "\n" : "", kinks, kinks_bad);
}

static const char legend[] = "err: the largest |a - n| / (|a| + |n|) of an "
  "entry; norm err: the same in 2-norms\n\n";

void
bp_report_text (FILE *f, const bp_gradcheck *r, unsigned detail, int color)
{
  print_header (f, r);
  fputs (legend, f);
  print_table (f, r, color);
  detail = print_roots (f, r, NULL, detail, color);
  print_details (f, r, detail);
  print_verdict (f, r);
}

/* The number of gradients a check selected. */
static int
selected (const bp_gradcheck *r)
{
  int n = 0;
  for (int id = 0; id < BP_NGRADS; id++)
    n += (r->opts.select & (1u << id)) != 0;
  return n;
}

static void
tap_header (FILE *f, const bp_gradcheck *r, int planned)
{
  fprintf (f, "TAP version 13\n1..%d\n", planned);
  fprintf (f, "# gradcheck N=%zu D=%zu H=%zu C=%zu reg=%g h=%g loss=%.17g\n",
           r->N, r->D, r->H, r->C, r->reg, r->opts.h, r->loss);
  if (r->opts.float32)
    fprintf (f, "# float32 input: judged with rtol %g\n", r->opts.rtol);
}

/* One test point per selected gradient, numbered from n + 1. */
static void
tap_points (FILE *f, const bp_gradcheck *r, int n,
            const bp_verdict *v)
{
  for (int id = 0; id < BP_NGRADS; id++)
    {
      const bp_gradcheck_grad *g = &r->g[id];
      const char *name = bp_grad_name (id);
      char ge[16], le[16];
      if (!(r->opts.select & (1u << id)))
        continue;
      n++;
      format_err (ge, sizeof ge, g->global_err);
      format_err (le, sizeof le, g->local_err);
      switch (g->status)
        {
        case BP_STATUS_ABSENT:
          fprintf (f, "ok %d - %s # SKIP absent: not supplied\n", n, name);
          break;
        case BP_STATUS_OK:
          fprintf (f, "ok %d - %s (global err %s, local err %s)\n", n, name,
                   ge, le);
          break;
        case BP_STATUS_ROOT:
          fprintf (f, "not ok %d - %s is a root cause: %s\n", n, name,
                   g->cause);
          if (v && v->where[id][0])
            fprintf (f, "# at %s: %s\n", v->where[id], v->where_text[id]);
          fprintf (f, "# %s\n", g->because);
          fprintf (f, "# %zu of %zu entries disagree; global err %s, local "
                   "err %s, worst at %zu,%zu\n", g->bad_local ? g->bad_local
                   : g->bad_global, g->checked, ge, le, g->worst / g->cols,
                   g->worst % g->cols);
          break;
        case BP_STATUS_INHERITED:
          {
            int from = bp_report_inherits_from (r, id);
            fprintf (f, "not ok %d - %s inherits the error of %s\n", n, name,
                     from >= 0 ? bp_grad_name (from) : "upstream");
            fprintf (f, "# %s is right given its upstream (local err %s) "
                     "but wrong overall (global err %s)\n", name, le, ge);
          }
          break;
        }
    }
}

void
bp_report_tap (FILE *f, const bp_gradcheck *r)
{
  tap_header (f, r, selected (r));
  tap_points (f, r, 0, NULL);
}

/* The TSV's gradient rows, each with its line of code from the verdict v
 * (or "-"). */
static void
tsv_rows (FILE *f, const bp_gradcheck *r, const bp_verdict *v)
{
  for (int id = 0; id < BP_NGRADS; id++)
    {
      const bp_gradcheck_grad *g = &r->g[id];
      char ge[16], le[16], wi[32];
      if (!(r->opts.select & (1u << id)))
        continue;
      format_err (ge, sizeof ge, g->global_err);
      format_err (le, sizeof le, g->local_err);
      format_index (wi, sizeof wi, g);
      fprintf (f, "%s\t%zu\t%zu\t%s\t%s\t%s\t%s\t%s\t%s\n",
               bp_grad_name (id), g->rows, g->cols, ge, le, wi,
               bp_status_name (g->status),
               g->status == BP_STATUS_ROOT ? g->cause : "-",
               g->status == BP_STATUS_ROOT && v && v->where[id][0]
               ? v->where[id] : "-");
    }
}

static const char tsv_columns[] = "grad\trows\tcols\tglobal_err\tlocal_err\t"
  "worst\tstatus\tcause\twhere\n";

void
bp_report_tsv (FILE *f, const bp_gradcheck *r)
{
  fprintf (f, "# gradcheck loss=%.17g N=%zu D=%zu H=%zu C=%zu reg=%g "
           "h=%g\n", r->loss, r->N, r->D, r->H, r->C, r->reg, r->opts.h);
  fputs (tsv_columns, f);
  tsv_rows (f, r, NULL);
}

/* A verdict ------------------------------------------------------------ */

static const char *const source_words[] = {
  "the library's; no loss given: save loss.npy or declare --convention",
  "declared", "from your loss", "your loss allows several: your gradients "
  "fit this one best"
};

/* The convention, the scores and the loss, before the table. */
static void
print_forward (FILE *f, const bp_verdict *v, int color)
{
  const bp_forward_check *w = &v->fwd;
  const char *bad = color ? "\033[1;31m" : "", *reset = color ? "\033[0m" : "";
  char name[BP_CONVENTION_NAME_MAX], words[128];

  if (v->source != BP_CONV_ASSUMED || v->hint)
    fprintf (f, "convention: %s (%s), %s\n",
             bp_convention_describe (&v->conv, words, sizeof words),
             bp_convention_name (&v->conv, name), source_words[v->source]);
  if (w->has_scores && w->scores_ok)
    fprintf (f, "scores: agree with the network's forward pass (largest "
             "err %.1e).\n", w->scores_err);
  else if (w->has_scores)
    fprintf (f, "scores: %sWRONG%s (%s) from entry %zu,%zu on: yours %.6g, "
             "the network's %.6g.\n  The %s\n  Fix the forward pass first: "
             "the gradients are computed from it.\n", bad, reset,
             w->scores_cause, w->row, w->col, w->got, w->want,
             w->scores_because + (strncmp (w->scores_because, "the ", 4)
                                  == 0 ? 4 : 0));
  if (w->has_loss && w->loss_ok)
    fprintf (f, "loss: %.11g, the loss of that convention.\n", w->loss);
  else if (w->has_loss)
    fprintf (f, "loss: %sWRONG%s (%s): %.11g, where %.11g is expected.\n"
             "  The %s\n", bad, reset, w->loss_cause, w->loss, w->want_loss,
             w->loss_because + (strncmp (w->loss_because, "the ", 4) == 0
                                ? 4 : 0));
}

/* Each parameter gradient against the student's own loss, when known. */
static void
print_own (FILE *f, const bp_verdict *v)
{
  static const int ids[] = { BP_DW2, BP_DB2, BP_DW1, BP_DB1 };
  int any = 0;

  for (int k = 0; k < 4; k++)
    any |= !isnan (v->own_err[ids[k]]);
  if (!any)
    return;
  fprintf (f, "against centred differences of your own loss function, "
           "whatever its convention:\n ");
  for (int k = 0; k < 4; k++)
    if (!isnan (v->own_err[ids[k]]))
      fprintf (f, " %s %s (%.1e)", bp_grad_name (ids[k]),
               v->own_err[ids[k]] > 1e-6 ? "WRONG" : "ok",
               v->own_err[ids[k]]);
  fprintf (f, "\n\n");
}

/* The hint: another convention fits the gradients. */
static void
print_hint (FILE *f, const bp_verdict *v)
{
  char name[BP_CONVENTION_NAME_MAX], loss[BP_CONVENTION_NAME_MAX];
  char words[128];

  if (!v->hint)
    return;
  bp_convention_describe (&v->hint_conv, words, sizeof words);
  bp_convention_name (&v->hint_conv, name);
  if (v->source == BP_CONV_FROM_LOSS)
    fprintf (f, "hint: every gradient agrees with the loss %s (%s), but "
             "the loss you returned is the %s one: the loss and the "
             "gradients disagree about the convention, and one of them is "
             "wrong.\n", words, name, bp_convention_name (&v->conv, loss));
  else
    fprintf (f, "hint: every gradient agrees with the loss %s (%s). If that "
             "is your loss, say so with --convention=%s, or save your loss "
             "as loss.npy.\n", words, name, name);
}

/* The intermediates set aside, and why. */
static void
print_aside (FILE *f, const bp_verdict *v)
{
  if (v->aside == 0)
    return;
  fprintf (f, "set aside: ");
  for (int id = 0, k = 0; id < BP_NGRADS; id++)
    if (v->aside & (1u << id))
      fprintf (f, "%s%s", k++ ? ", " : "", bp_grad_name (id));
  fprintf (f, " (shown absent): your parameter gradients were not computed "
           "from %s as %s: a factor such as 1/N applied later?\n",
           v->aside & (v->aside - 1) ? "them" : "it",
           v->aside & (v->aside - 1) ? "they are" : "it is");
}

/* The verdict line, the forward pass and the loss first. */
static void
print_whole_verdict (FILE *f, const bp_verdict *v)
{
  if (!v->fwd.scores_ok)
    {
      fprintf (f, "verdict: the forward pass is wrong (%s): fix it first; "
               "%zu gradient%s disagree after it.\n", v->fwd.scores_cause,
               bp_gradcheck_failures (v->check),
               bp_gradcheck_failures (v->check) == 1 ? "" : "s");
      return;
    }
  if (!v->fwd.loss_ok)
    fprintf (f, "the loss is wrong (%s). ", v->fwd.loss_cause);
  print_verdict (f, v->check);
}

void
bp_report_verdict_text (FILE *f, const bp_verdict *v, unsigned detail,
                        int color)
{
  print_header (f, v->check);
  print_forward (f, v, color);
  fputs (legend, f);
  print_table (f, v->check, color);
  print_own (f, v);
  detail = print_roots (f, v->check, v, detail, color);
  print_details (f, v->check, detail);
  print_aside (f, v);
  print_hint (f, v);
  print_whole_verdict (f, v);
}

void
bp_report_verdict_tap (FILE *f, const bp_verdict *v)
{
  int n = 0;

  tap_header (f, v->check, selected (v->check) + v->fwd.has_scores
              + v->fwd.has_loss);
  if (v->fwd.has_scores)
    {
      fprintf (f, "%s %d - scores%s%s\n", v->fwd.scores_ok ? "ok" : "not ok",
               ++n, v->fwd.scores_ok ? "" : ": the forward pass is wrong: ",
               v->fwd.scores_ok ? "" : v->fwd.scores_cause);
      if (!v->fwd.scores_ok)
        fprintf (f, "# %s\n", v->fwd.scores_because);
    }
  if (v->fwd.has_loss)
    {
      fprintf (f, "%s %d - loss%s%s\n", v->fwd.loss_ok ? "ok" : "not ok", ++n,
               v->fwd.loss_ok ? "" : ": the loss is wrong: ",
               v->fwd.loss_ok ? "" : v->fwd.loss_cause);
      if (!v->fwd.loss_ok)
        fprintf (f, "# %s\n", v->fwd.loss_because);
    }
  tap_points (f, v->check, n, v);
}

void
bp_report_verdict_tsv (FILE *f, const bp_verdict *v)
{
  const bp_gradcheck *r = v->check;
  const bp_forward_check *w = &v->fwd;
  char name[BP_CONVENTION_NAME_MAX];

  fprintf (f, "# gradcheck loss=%.17g N=%zu D=%zu H=%zu C=%zu reg=%g "
           "h=%g convention=%s\n", r->loss, r->N, r->D, r->H, r->C, r->reg,
           r->opts.h, bp_convention_name (&v->conv, name));
  fputs (tsv_columns, f);
  tsv_rows (f, r, v);
  if (w->has_scores)
    fprintf (f, "scores\t%zu\t%zu\t%.1e\t-\t%zu,%zu\t%s\t%s\t-\n", r->N, r->C,
             w->scores_err, w->row, w->col, w->scores_ok ? "ok" : "root",
             w->scores_ok ? "-" : w->scores_cause);
  if (w->has_loss)
    fprintf (f, "loss\t1\t1\t%.1e\t-\t0,0\t%s\t%s\t-\n",
             fabs (w->loss - w->want_loss)
             / fmax (1e-8, fabs (w->loss) + fabs (w->want_loss)),
             w->loss_ok ? "ok" : "root", w->loss_ok ? "-" : w->loss_cause);
}

void
bp_report_sweep (FILE *f, double err[BP_SWEEP_STEPS][BP_NGRADS])
{
  fprintf (f, "# relative error of each gradient against centered "
           "differences, by step h\n%-7s", "h");
  for (int id = 0; id < BP_NGRADS; id++)
    fprintf (f, "\t%s", bp_grad_name (id));
  fputc ('\n', f);
  for (int s = 0; s < BP_SWEEP_STEPS; s++)
    {
      fprintf (f, "%-7.0e", pow (10.0, -(s + 1)));
      for (int id = 0; id < BP_NGRADS; id++)
        {
          char e[16];
          format_err (e, sizeof e, err[s][id]);
          fprintf (f, "\t%s", e);
        }
      fputc ('\n', f);
    }
}
