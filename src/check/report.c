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

void
bp_report_text (FILE *f, const bp_gradcheck *r, unsigned detail, int color)
{
  size_t kinks = 0, kinks_bad = 0;
  const char *reset = color ? "\033[0m" : "";

  fprintf (f, "gradcheck: N=%zu D=%zu H=%zu C=%zu, reg %g, h %g, "
           "loss %.11f%s\n"
           "err: the largest |a - n| / (|a| + |n|) of an entry; norm err: "
           "the same in 2-norms\n\n", r->N, r->D, r->H, r->C, r->reg,
           r->opts.h, r->loss, r->opts.float32
           ? " (float32 input: looser tolerances)" : "");
  print_table (f, r, color);
  for (int id = 0; id < BP_NGRADS; id++)
    {
      const bp_gradcheck_grad *g = &r->g[id];
      if (!(r->opts.select & (1u << id)))
        continue;
      kinks += g->kinks;
      kinks_bad += g->kinks_bad;
      if (g->status != BP_STATUS_ROOT)
        continue;
      fprintf (f, "%s%s%s is a root cause (%s): %zu of %zu checked entries "
               "disagree with %s reference.\n  %s\n",
               color ? colour_of (g->status) : "", bp_grad_name (id), reset,
               g->cause, g->bad_local ? g->bad_local : g->bad_global,
               g->checked, g->has_local ? "the local" : "the global",
               g->because);
      if (strcmp (g->cause, "unknown") == 0)
        detail |= 1u << id;     /* its sentence promises them */
    }
  for (int id = 0; id < BP_NGRADS; id++)
    if ((detail & (1u << id)) && r->g[id].status != BP_STATUS_ABSENT
        && (r->opts.select & (1u << id)))
      {
        fprintf (f, "\n%s: worst entries (analytic vs numeric)\n",
                 bp_grad_name (id));
        list_worst (f, &r->g[id]);
      }
  if (kinks)
    fprintf (f, "%skinks: %zu entries straddle a ReLU kink; judged by "
             "one-sided differences, %zu inconsistent.\n",
             detail ? "\n" : "", kinks, kinks_bad);
  print_verdict (f, r);
}

void
bp_report_tap (FILE *f, const bp_gradcheck *r)
{
  int planned = 0, n = 0;
  for (int id = 0; id < BP_NGRADS; id++)
    planned += (r->opts.select & (1u << id)) != 0;
  fprintf (f, "TAP version 13\n1..%d\n", planned);
  fprintf (f, "# gradcheck N=%zu D=%zu H=%zu C=%zu reg=%g h=%g loss=%.17g\n",
           r->N, r->D, r->H, r->C, r->reg, r->opts.h, r->loss);
  if (r->opts.float32)
    fprintf (f, "# float32 input: judged with rtol %g\n", r->opts.rtol);
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
bp_report_tsv (FILE *f, const bp_gradcheck *r)
{
  fprintf (f, "# gradcheck loss=%.17g N=%zu D=%zu H=%zu C=%zu reg=%g "
           "h=%g\n", r->loss, r->N, r->D, r->H, r->C, r->reg, r->opts.h);
  fprintf (f, "grad\trows\tcols\tglobal_err\tlocal_err\tworst\tstatus\t"
           "cause\n");
  for (int id = 0; id < BP_NGRADS; id++)
    {
      const bp_gradcheck_grad *g = &r->g[id];
      char ge[16], le[16], wi[32];
      if (!(r->opts.select & (1u << id)))
        continue;
      format_err (ge, sizeof ge, g->global_err);
      format_err (le, sizeof le, g->local_err);
      format_index (wi, sizeof wi, g);
      fprintf (f, "%s\t%zu\t%zu\t%s\t%s\t%s\t%s\t%s\n", bp_grad_name (id),
               g->rows, g->cols, ge, le, wi, bp_status_name (g->status),
               g->status == BP_STATUS_ROOT ? g->cause : "-");
    }
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
