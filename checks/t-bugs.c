/* t-bugs.c -- every entry of the bug zoo differs from the reference
 * backward pass exactly as documented, on the toy net and on a random
 * non-square net.
 *
 * For each entry and net, with R the reference gradients and B the
 * entry's:
 *   - each gradient marked "root" equals the documented mistake, computed
 *     here with plain loops from R, the cache and B's own upstream;
 *   - B is complete (all present, no value left unwritten) and each
 *     gradient marked "ok" equals R exactly;
 *   - the marks are consistent: an "inherited" gradient follows the
 *     correct rule from B's upstream but differs from R, a "root" one does
 *     not follow the correct rule. */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "backprop.h"
#include "backprop/bugs.h"
#include "tap.h"

/* The zoo's size and its number of "root" marks, which fix the plan. */
enum { NBUGS = 15, NROOTS = 25, PER_NET = NROOTS + 2 * NBUGS };

/* Agreement of computed values with the documented ones: rounding only. */
#define TOL 1e-12
/* A real difference: far above rounding. */
#define DIFFERS 1e-9

struct fixture {
  const char *name;
  const bp_net *net;
  const gsl_matrix *X;          /* (N, D) */
  const size_t *y;              /* (N) */
  double reg;
  bp_cache *c;
  bp_grads *ref, *bug;
  double *want;                 /* room for the largest gradient */
};

/* Gradient id of g as a flat array of *n values (all are contiguous). */
static double *
values (bp_grads *g, enum bp_grad_id id, size_t *n)
{
  gsl_matrix_view m = bp_grads_matrix (g, id);
  *n = m.matrix.size1 * m.matrix.size2;
  return m.matrix.data;
}

/* max |a - b| / (1 + |b|) over n values; +inf if any is NaN. */
static double
max_diff (const double *a, const double *b, size_t n)
{
  double worst = 0.0;
  for (size_t i = 0; i < n; i++)
    {
      double d = fabs (a[i] - b[i]) / (1.0 + fabs (b[i]));
      if (isnan (d))
        return INFINITY;
      if (d > worst)
        worst = d;
    }
  return worst;
}

#define M(A, i, j) gsl_matrix_get ((A), (i), (j))

/* out = the correct rule for gradient id applied to B's upstream
 * gradient, with plain loops (DESIGN.md, section 1). */
static void
local_rule (const struct fixture *t, enum bp_grad_id id, const bp_grads *B,
            double *out)
{
  const bp_net *net = t->net;
  size_t N = t->c->N, D = net->D, H = net->H, C = net->C, k = 0;

  switch (id)
    {
    case BP_DZ2:                /* (softmax(z2) - onehot(y)) / N */
      for (size_t n = 0; n < N; n++)
        for (size_t c = 0; c < C; c++)
          out[k++] = (M (t->c->prob, n, c) - (c == t->y[n])) / (double) N;
      break;
    case BP_DW2:                /* p1' dz2 + 2 reg W2 */
      for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++)
          {
            double s = 2.0 * t->reg * M (net->W2, h, c);
            for (size_t n = 0; n < N; n++)
              s += M (t->c->p1, n, h) * M (B->dz2, n, c);
            out[k++] = s;
          }
      break;
    case BP_DB2:                /* column sums of dz2 */
      for (size_t c = 0; c < C; c++)
        {
          double s = 0.0;
          for (size_t n = 0; n < N; n++)
            s += M (B->dz2, n, c);
          out[k++] = s;
        }
      break;
    case BP_DP1:                /* dz2 W2' */
      for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++)
          {
            double s = 0.0;
            for (size_t c = 0; c < C; c++)
              s += M (B->dz2, n, c) * M (net->W2, h, c);
            out[k++] = s;
          }
      break;
    case BP_DZ1:                /* dp1 * [z1 > 0] */
      for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++)
          out[k++] = M (t->c->z1, n, h) > 0.0 ? M (B->dp1, n, h) : 0.0;
      break;
    case BP_DW1:                /* X' dz1 + 2 reg W1 */
      for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++)
          {
            double s = 2.0 * t->reg * M (net->W1, d, h);
            for (size_t n = 0; n < N; n++)
              s += M (t->X, n, d) * M (B->dz1, n, h);
            out[k++] = s;
          }
      break;
    default:                    /* db1: column sums of dz1 */
      for (size_t h = 0; h < H; h++)
        {
          double s = 0.0;
          for (size_t n = 0; n < N; n++)
            s += M (B->dz1, n, h);
          out[k++] = s;
        }
      break;
    }
}

/* out = data term of R's weight gradient dW (K, M) divided by div, plus
 * coef times W. */
static void
weight_term (const gsl_matrix *dW, const gsl_matrix *W, double reg,
             double div, double coef, double *out)
{
  size_t k = 0;
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++, k++)
      out[k] = (M (dW, i, j) - 2.0 * reg * M (W, i, j)) / div
        + coef * M (W, i, j);
}

/* out = the vector v (M) divided by div. */
static void
vector_div (const gsl_vector *v, double div, double *out)
{
  for (size_t i = 0; i < v->size; i++)
    out[i] = gsl_vector_get (v, i) / div;
}

/* out = what bug's documented mistake makes of gradient id, computed from
 * the reference R, the cache and B's upstream.  Returns 0, or -1 when the
 * test knows no such mistake (a zoo entry this test does not describe). */
static int
documented (const char *bug, enum bp_grad_id id, const struct fixture *t,
            const bp_grads *R, const bp_grads *B, double *out)
{
  const bp_net *net = t->net;
  size_t N = t->c->N, H = net->H, C = net->C, D = net->D, k = 0;
  double n = (double) N, reg = t->reg;
  int report = strcmp (bug, "report") == 0;

  if ((strcmp (bug, "relu-mask-sign") == 0 || report) && id == BP_DZ1)
    {
      for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
          out[k++] = M (R->dp1, i, j) > 0.0 ? M (R->dp1, i, j) : 0.0;
      return 0;
    }
  if (strcmp (bug, "relu-no-mask") == 0 && id == BP_DZ1)
    {
      memcpy (out, R->dp1->data, N * H * sizeof *out);
      return 0;
    }
  if (strcmp (bug, "relu-mask-inverted") == 0 && id == BP_DZ1)
    {
      for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
          out[k++] = M (t->c->z1, i, j) <= 0.0 ? M (R->dp1, i, j) : 0.0;
      return 0;
    }
  if (strcmp (bug, "softmax-no-onehot") == 0 && id == BP_DZ2)
    {
      for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++)
          out[k++] = M (t->c->prob, i, c) / n;
      return 0;
    }
  if ((strcmp (bug, "dz2-no-mean") == 0 || strcmp (bug, "dz2-sign") == 0)
      && id == BP_DZ2)
    {
      double f = strcmp (bug, "dz2-sign") == 0 ? -1.0 : n;
      for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++)
          out[k++] = f * M (R->dz2, i, c);
      return 0;
    }
  if (strcmp (bug, "double-mean") == 0 || report)
    switch (id)
      {
      case BP_DW2:
        weight_term (R->dW2, net->W2, reg, n, 2.0 * reg, out);
        return 0;
      case BP_DB2:
        vector_div (R->db2, n, out);
        return 0;
      case BP_DW1:
        if (report)             /* (X' dz1) / N + 2 reg W1, B's dz1 */
          {
            local_rule (t, BP_DW1, B, out);
            for (size_t d = 0; d < D; d++)
              for (size_t j = 0; j < H; j++, k++)
                out[k] = (out[k] - 2.0 * reg * M (net->W1, d, j)) / n
                  + 2.0 * reg * M (net->W1, d, j);
          }
        else
          weight_term (R->dW1, net->W1, reg, n, 2.0 * reg, out);
        return 0;
      case BP_DB1:
        if (report)             /* column sums of B's dz1, / N */
          {
            local_rule (t, BP_DB1, B, out);
            for (size_t j = 0; j < H; j++)
              out[j] /= n;
          }
        else
          vector_div (R->db1, n, out);
        return 0;
      default:
        return -1;
      }
  if (strcmp (bug, "reg-missing") == 0 || strcmp (bug, "reg-factor-1") == 0)
    {
      double coef = strcmp (bug, "reg-missing") == 0 ? 0.0 : reg;
      if (id == BP_DW2)
        weight_term (R->dW2, net->W2, reg, 1.0, coef, out);
      else if (id == BP_DW1)
        weight_term (R->dW1, net->W1, reg, 1.0, coef, out);
      else
        return -1;
      return 0;
    }
  if (strcmp (bug, "db-mean") == 0 && (id == BP_DB2 || id == BP_DB1))
    {
      vector_div (id == BP_DB2 ? R->db2 : R->db1, n, out);
      return 0;
    }
  if (strcmp (bug, "dw2-from-z1") == 0 && id == BP_DW2)
    {
      for (size_t j = 0; j < H; j++)
        for (size_t c = 0; c < C; c++)
          {
            double s = 2.0 * reg * M (net->W2, j, c);
            for (size_t i = 0; i < N; i++)
              s += M (t->c->z1, i, j) * M (R->dz2, i, c);
            out[k++] = s;
          }
      return 0;
    }
  if (strcmp (bug, "dw1-from-dp1") == 0 && id == BP_DW1)
    {
      for (size_t d = 0; d < D; d++)
        for (size_t j = 0; j < H; j++)
          {
            double s = 2.0 * reg * M (net->W1, d, j);
            for (size_t i = 0; i < N; i++)
              s += M (t->X, i, d) * M (R->dp1, i, j);
            out[k++] = s;
          }
      return 0;
    }
  if (strcmp (bug, "db1-from-dp1") == 0 && id == BP_DB1)
    {
      for (size_t j = 0; j < H; j++)
        {
          double s = 0.0;
          for (size_t i = 0; i < N; i++)
            s += M (R->dp1, i, j);
          out[j] = s;
        }
      return 0;
    }
  if (strcmp (bug, "dp1-scale-2") == 0 && id == BP_DP1)
    {
      for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
          out[k++] = 2.0 * M (R->dp1, i, j);
      return 0;
    }
  return -1;
}

static void
check_bug (struct fixture *t, const bp_bug *bug)
{
  bp_grads *R = t->ref, *B = t->bug;
  unsigned nok = 0, marks_ok = 1;
  int complete;

  /* Unwritten values would stay NaN and fail every comparison below. */
  gsl_vector_set_all (B->dtheta, GSL_NAN);
  gsl_matrix_set_all (B->dz2, GSL_NAN);
  gsl_matrix_set_all (B->dp1, GSL_NAN);
  gsl_matrix_set_all (B->dz1, GSL_NAN);
  B->present = 0;
  if (bug->backward (t->net, t->X, t->y, t->reg, t->c, B))
    bail ("%s: %s failed", t->name, bug->name);

  complete = B->present == BP_GRADS_ALL;
  for (int id = 0; id < BP_NGRADS; id++)
    {
      const char *mark = bug->expect[id];
      const char *gname = bp_grad_name (id);
      size_t n;
      double *b = values (B, id, &n), *r = values (R, id, &n);
      double local, vs_ref;

      for (size_t i = 0; i < n; i++)
        complete &= isfinite (b[i]);
      local_rule (t, id, B, t->want);
      local = max_diff (b, t->want, n);
      vs_ref = max_diff (b, r, n);
      if (strcmp (mark, "ok") == 0)
        {
          nok++;
          if (memcmp (b, r, n * sizeof *b) != 0)
            {
              complete = 0;
              diag ("%s differs from the reference by %.2e", gname, vs_ref);
            }
        }
      else if (strcmp (mark, "inherited") == 0)
        {
          if (!(local <= TOL && vs_ref > DIFFERS))
            {
              marks_ok = 0;
              diag ("inherited %s: %.2e from the correct rule, %.2e from "
                    "the reference", gname, local, vs_ref);
            }
        }
      else
        {
          double doc;
          if (!(local > DIFFERS))
            {
              marks_ok = 0;
              diag ("root %s follows the correct rule (%.2e)", gname, local);
            }
          if (documented (bug->name, id, t, R, B, t->want))
            {
              ok (0, "%s %s: %s is %s as documented (this test knows no "
                  "such mistake)", t->name, bug->name, gname, mark);
              continue;
            }
          doc = max_diff (b, t->want, n);
          ok (doc <= TOL, "%s %s: %s is %s as documented (max diff %.1e)",
              t->name, bug->name, gname, mark, doc);
        }
    }
  ok (complete, "%s %s: all seven gradients written, the %u marked ok "
      "equal the reference exactly", t->name, bug->name, nok);
  ok (marks_ok, "%s %s: inherited gradients follow the correct rule from "
      "the bug's upstream, root ones do not", t->name, bug->name);
}

static void
check_net (const char *name, const bp_net *net, const gsl_matrix *X,
           const size_t *y, double reg)
{
  size_t N = X->size1, big = N * (net->H > net->C ? net->H : net->C);
  struct fixture t = { name, net, X, y, reg, NULL, NULL, NULL, NULL };

  if (net->D * net->H > big)
    big = net->D * net->H;
  if (net->H * net->C > big)
    big = net->H * net->C;
  t.c = bp_cache_alloc (N, net->H, net->C);
  t.ref = bp_grads_alloc (N, net->D, net->H, net->C);
  t.bug = bp_grads_alloc (N, net->D, net->H, net->C);
  t.want = malloc (big * sizeof *t.want);
  if (!t.c || !t.ref || !t.bug || !t.want)
    bail ("out of memory");
  if (bp_net_forward (net, X, t.c) || bp_net_backward (net, X, y, reg, t.c,
                                                        t.ref))
    bail ("%s: reference forward or backward failed", name);
  for (size_t i = 0; i < bp_bugs_count (); i++)
    check_bug (&t, bp_bug_get (i));
  free (t.want);
  bp_grads_free (t.bug);
  bp_grads_free (t.ref);
  bp_cache_free (t.c);
}

/* The zoo's table: names, summaries and the form of the marks. */
static void
check_table (void)
{
  is_int ((long) bp_bugs_count (), NBUGS, "the zoo has %d entries", NBUGS);
  ok (bp_bug_get (bp_bugs_count ()) == NULL, "bp_bug_get past the end is "
      "NULL");
  ok (bp_bug_lookup ("relu-mask-signs") == NULL
      && bp_bug_lookup ("") == NULL, "an unknown name is not found");
  for (size_t i = 0; i < bp_bugs_count (); i++)
    {
      const bp_bug *b = bp_bug_get (i);
      int good = b->summary != NULL && b->summary[0] != '\0'
        && b->backward != NULL;

      ok (bp_bug_lookup (b->name) == b, "lookup of %s finds it", b->name);
      for (int id = 0; id < BP_NGRADS; id++)
        {
          const char *e = b->expect[id];
          good &= e != NULL && (strcmp (e, "ok") == 0
                                || strcmp (e, "inherited") == 0
                                || (strncmp (e, "root ", 5) == 0
                                    && e[5] != '\0'));
        }
      ok (good, "%s has a summary and seven marks, each ok, inherited or "
          "root CAUSE", b->name);
    }
}

int
main (void)
{
  bp_problem *toy;
  bp_error err;
  bp_problem *random = bp_problem_random (7, 6, 8, 4, 2385, 0.137);

  tap_gsl_handler_install ();
  plan (3 + 2 * NBUGS + 2 * PER_NET);
  check_table ();
  if (bp_bugs_count () != NBUGS)
    bail ("the zoo changed size: update NBUGS, NROOTS and this test");

  if (bp_problem_load_toy (tap_srcfile ("data/toy.txt"), &toy, &err))
    bail ("data/toy.txt: %s", err.msg);
  check_net ("toy", toy->net, toy->X, toy->y, toy->reg);

  check_net ("random 7x6-8-4", random->net, random->X, random->y,
             random->reg);

  bp_problem_free (random);
  bp_problem_free (toy);
  return tap_done ();
}
