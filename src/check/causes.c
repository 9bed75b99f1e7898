/* causes.c -- explain each root-cause gradient by the mistake that
 * reproduces it (see causes.h). */

#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>

#include "backprop/backward.h"
#include "backprop/causes.h"

/* Everything a hypothesis is built from. */
struct ctx {
  const bp_net *net;
  const gsl_matrix *X;
  const size_t *y;
  double reg;
  const bp_cache *cache;
  const bp_grads *user, *ref;
  double rtol, atol;            /* fit tolerances */
  size_t N;
};

/* A prediction: a data term B, the hypothesis' name and its sentence.
 * whole: B already holds the regularization term, so only a factor on
 * the whole of B is fitted (a gradient scaled as a whole). */
struct hyp {
  gsl_matrix *B;
  int whole;
  char code[40];
  char says[200];
};

enum { MAX_HYPS = 16 };

/* Upstream gradient id as the checked code produced it, or the reference
 * when it was not supplied. */
static const gsl_matrix *
upstream (const struct ctx *c, enum bp_grad_id id)
{
  const bp_grads *g = (c->user->present & (1u << id)) ? c->user : c->ref;
  switch (id)
    {
    case BP_DZ2: return g->dz2;
    case BP_DP1: return g->dp1;
    default:     return g->dz1;
    }
}

static int
supplied (const struct ctx *c, enum bp_grad_id id)
{
  return (c->user->present & (1u << id)) != 0;
}

static gsl_matrix *
prod (CBLAS_TRANSPOSE_t ta, const gsl_matrix *A, CBLAS_TRANSPOSE_t tb,
      const gsl_matrix *B)
{
  size_t r = ta == CblasTrans ? A->size2 : A->size1;
  size_t k = tb == CblasTrans ? B->size1 : B->size2;
  gsl_matrix *M = gsl_matrix_alloc (r, k);
  if (M)
    gsl_blas_dgemm (ta, tb, 1.0, A, B, 0.0, M);
  return M;
}

static gsl_matrix *
colsum (const gsl_matrix *A)
{
  gsl_matrix *s = gsl_matrix_calloc (1, A->size2);
  if (s)
    for (size_t n = 0; n < A->size1; n++)
      for (size_t j = 0; j < A->size2; j++)
        s->data[j] += gsl_matrix_get (A, n, j);
  return s;
}

/* Masks for dz1 from an upstream U (N, H) and z1. */
enum mask { MASK_Z1, MASK_SIGN, MASK_NONE, MASK_INVERTED };

static gsl_matrix *
masked (const gsl_matrix *U, const gsl_matrix *z1, enum mask m)
{
  gsl_matrix *M = gsl_matrix_alloc (U->size1, U->size2);
  if (M == NULL)
    return NULL;
  for (size_t i = 0; i < U->size1 * U->size2; i++)
    {
      double u = U->data[i], z = z1->data[i];
      int keep = m == MASK_Z1 ? z > 0 : m == MASK_SIGN ? u > 0
        : m == MASK_NONE ? 1 : z <= 0;
      M->data[i] = keep ? u : 0.0;
    }
  return M;
}

/* dz2 variants: (softmax - onehot)/N, softmax/N, (z2 - onehot)/N. */
enum dz2v { DZ2_RIGHT, DZ2_NO_ONEHOT, DZ2_SCORES };

static gsl_matrix *
dz2_variant (const struct ctx *c, enum dz2v v)
{
  const gsl_matrix *src = v == DZ2_SCORES ? c->cache->z2 : c->cache->prob;
  gsl_matrix *M = gsl_matrix_alloc (src->size1, src->size2);
  if (M == NULL)
    return NULL;
  gsl_matrix_memcpy (M, src);
  if (v != DZ2_NO_ONEHOT)
    for (size_t n = 0; n < c->N; n++)
      gsl_matrix_set (M, n, c->y[n], gsl_matrix_get (M, n, c->y[n]) - 1.0);
  gsl_matrix_scale (M, 1.0 / (double) c->N);
  return M;
}

/* Y += alpha X, both contiguous and of one shape. */
static void
axpy (gsl_matrix *Y, const gsl_matrix *X, double alpha)
{
  for (size_t i = 0; i < Y->size1 * Y->size2; i++)
    Y->data[i] += alpha * X->data[i];
}

static double
dot (const gsl_matrix *A, const gsl_matrix *B)
{
  double s = 0.0;
  for (size_t i = 0; i < A->size1 * A->size2; i++)
    s += A->data[i] * B->data[i];
  return s;
}

static double
maxabs (const gsl_matrix *A)
{
  double m = 0.0;
  for (size_t i = 0; i < A->size1 * A->size2; i++)
    m = fmax (m, fabs (A->data[i]));
  return m;
}

/* Does a equal K B + F W entrywise, within the fit tolerances? (W may be
 * NULL.) */
static int
fits (const struct ctx *c, const gsl_matrix *a, const gsl_matrix *B,
      double K, const gsl_matrix *W, double F)
{
  size_t n = a->size1 * a->size2;
  double scale = 0.0;
  for (size_t i = 0; i < n; i++)
    {
      double p = K * B->data[i] + (W ? F * W->data[i] : 0.0);
      scale = fmax (scale, fmax (fabs (a->data[i]), fabs (p)));
    }
  for (size_t i = 0; i < n; i++)
    {
      double p = K * B->data[i] + (W ? F * W->data[i] : 0.0);
      double d = fabs (a->data[i] - p);
      if (!isfinite (a->data[i])
          || d > c->rtol * (fabs (a->data[i]) + fabs (p)) + c->atol * scale)
        return 0;
    }
  return 1;
}

/* Least squares for a = K B + F W (F only when W is given and not zero). */
static void
fit (const gsl_matrix *a, const gsl_matrix *B, const gsl_matrix *W,
     double *K, double *F)
{
  double bb = dot (B, B), ab = dot (a, B);
  *F = 0.0;
  if (W != NULL)
    {
      double ww = dot (W, W), bw = dot (B, W), aw = dot (a, W);
      double det = bb * ww - bw * bw;
      if (ww > 0.0 && det > 1e-12 * bb * ww)
        {
          *K = (ab * ww - aw * bw) / det;
          *F = (aw * bb - ab * bw) / det;
          return;
        }
    }
  *K = bb > 0.0 ? ab / bb : 0.0;
}

static int
near (double x, double want, double tol)
{
  return fabs (x - want) <= tol * fmax (1.0, fabs (want));
}

/* A factor that a typical mistake produces: N, 1/N, 2, 1/2, -1, 0. */
static int
canonical_k (double K, size_t N, double tol)
{
  return near (K, (double) N, tol) || near (K, 1.0 / (double) N, tol)
    || near (K, 2.0, tol) || near (K, 0.5, tol) || near (K, -1.0, tol)
    || near (K, 0.0, tol);
}

/* Describe a factor K on the data term: "N = 5 times too large". */
static void
describe_scale (double K, size_t N, char *buf, size_t len)
{
  double tol = 1e-6;
  if (near (K, (double) N, tol))
    snprintf (buf, len, "N = %zu times too large (the 1/N is missing)", N);
  else if (near (K, 1.0 / (double) N, tol))
    snprintf (buf, len, "divided by N = %zu once too often", N);
  else if (near (K, 2.0, tol))
    snprintf (buf, len, "twice what it should be");
  else if (near (K, 0.5, tol))
    snprintf (buf, len, "half what it should be");
  else if (near (K, 0.0, tol))
    snprintf (buf, len, "missing (factor 0)");
  else
    snprintf (buf, len, "%.6g times what it should be", K);
}

/* Try hypothesis h for gradient id against a, at a level of freedom:
 * 0 the hypothesis as it is (K = 1, f = 2), 1 a factor K on its data
 * term fitted, 2 a factor f on the regularization term fitted, 3 both.
 * W is the weight matrix of a dW (NULL otherwise).  A fit needs more
 * entries than it has free factors.  On a match write the cause into g
 * and return 1. */
static int
try_hyp (const struct ctx *c, bp_gradcheck_grad *g, const gsl_matrix *a,
         const struct hyp *h, const gsl_matrix *W, int level)
{
  const char *name = bp_grad_name (g->id);
  size_t n = a->size1 * a->size2, lc = sizeof g->cause;
  size_t ls = sizeof g->because, used;
  double K = 1.0, F = 2.0, tol = c->rtol > 1e-5 ? 1e-3 : 1e-6;
  int fit_k = level & 1, fit_f = (level & 2) != 0, reg_ok, k_ok;
  char what[160], *code = g->cause, *say = g->because;

  if (h->B == NULL)
    return 0;
  if (W != NULL && (c->reg == 0.0 || h->whole))
    W = NULL;
  if (fit_f && W == NULL)
    return 0;
  if (fit_k && fit_f)
    {
      fit (a, h->B, W, &K, &F);
      F /= c->reg;
    }
  else if (fit_k)
    {
      /* a - 2 reg W = K B */
      gsl_matrix *r = gsl_matrix_alloc (a->size1, a->size2);
      double fw;
      if (r == NULL)
        return 0;
      gsl_matrix_memcpy (r, a);
      if (W)
        axpy (r, W, -2.0 * c->reg);
      fit (r, h->B, NULL, &K, &fw);
      gsl_matrix_free (r);
    }
  else if (fit_f)
    {
      /* a - B = f reg W */
      double bw = 0.0, ww = dot (W, W);
      for (size_t i = 0; i < n; i++)
        bw += (a->data[i] - h->B->data[i]) * W->data[i];
      F = ww > 0.0 ? bw / (ww * c->reg) : 2.0;
    }
  if (fabs (K) < 1e-12)
    K = 0.0;
  /* With no more entries than free factors any fit succeeds: believe it
   * only for the factors that mistakes produce. */
  if (n <= (size_t) (fit_k + fit_f)
      && ((fit_k && !canonical_k (K, c->N, tol))
          || (fit_f && !near (F, 0.0, tol) && !near (F, 1.0, tol))))
    return 0;
  if (!fits (c, a, h->B, K, W, W ? F * c->reg : 0.0))
    return 0;
  k_ok = near (K, 1.0, tol);
  reg_ok = W == NULL || near (F, 2.0, tol);
  if (h->code[0] == '\0' && k_ok && reg_ok)
    return 0;                   /* that is the correct rule */

  code[0] = say[0] = '\0';
  if (h->code[0])
    {
      snprintf (code, lc, "%s", h->code);
      snprintf (say, ls, "%s ", h->says);
    }
  if (!k_ok)
    {
      used = strlen (code);
      if (near (K, -1.0, tol))
        {
          snprintf (code + used, lc - used, "%ssign", used ? "+" : "");
          snprintf (what, sizeof what, "has the wrong sign");
        }
      else
        {
          char d[80];
          snprintf (code + used, lc - used, "%sscale:%.6g", used ? "+" : "",
                    K);
          describe_scale (K, c->N, d, sizeof d);
          snprintf (what, sizeof what, "%s %s", W ? "has its data term"
                    : "is", d);
        }
      used = strlen (say);
      snprintf (say + used, ls - used, "%s%s %s. ", used ? "Also " : "", name,
                what);
    }
  if (!reg_ok)
    {
      used = strlen (code);
      if (near (F, 0.0, tol))
        {
          snprintf (code + used, lc - used, "%sreg-missing", used ? "+" : "");
          snprintf (what, sizeof what, "lacks the regularization gradient "
                    "2 reg %s", name + 1);
        }
      else
        {
          snprintf (code + used, lc - used, "%sreg-factor:%.6g",
                    used ? "+" : "", F);
          snprintf (what, sizeof what, "has the regularization term with "
                    "factor %.6g instead of 2 (the derivative of reg |W|^2 "
                    "is 2 reg W)", F);
        }
      used = strlen (say);
      snprintf (say + used, ls - used, "%s%s %s. ", used ? "Also " : "", name,
                what);
    }
  used = strlen (say);
  snprintf (say + used, ls - used, "The rule: %s.", bp_backward_rule (g->id));
  return 1;
}

/* Add a hypothesis (taking B, which may be NULL after a failed
 * allocation) to the list. */
static void
add (struct hyp *hs, int *nh, gsl_matrix *B, int whole, const char *code,
     const char *says)
{
  struct hyp *h;
  if (*nh == MAX_HYPS)
    {
      if (B)
        gsl_matrix_free (B);
      return;
    }
  h = &hs[(*nh)++];
  h->B = B;
  h->whole = whole;
  snprintf (h->code, sizeof h->code, "%s", code);
  snprintf (h->says, sizeof h->says, "%s", says);
}

/* The data term of gradient id from an upstream (or, for dp1, a right
 * operand): the rule with its inputs given. */
static gsl_matrix *
data_term (const struct ctx *c, enum bp_grad_id id, const gsl_matrix *left,
           const gsl_matrix *up)
{
  switch (id)
    {
    case BP_DW2: case BP_DW1:
      return prod (CblasTrans, left, CblasNoTrans, up);
    case BP_DB2: case BP_DB1:
      return colsum (up);
    case BP_DP1:
      return prod (CblasNoTrans, up, CblasTrans, left);
    case BP_DZ1:
      return masked (up, c->cache->z1, MASK_Z1);
    default:
      return NULL;
    }
}

/* B + 2 reg W, the whole of a dW's rule (B is kept). */
static gsl_matrix *
with_reg (const gsl_matrix *B, const gsl_matrix *W, double reg)
{
  gsl_matrix *M;
  if (B == NULL || (M = gsl_matrix_alloc (B->size1, B->size2)) == NULL)
    return NULL;
  gsl_matrix_memcpy (M, B);
  if (W)
    axpy (M, W, 2.0 * reg);
  return M;
}

static const char *const mask_code[] = {
  "", "relu-mask-sign", "relu-no-mask", "relu-mask-inverted"
};
static const char *const mask_says[] = {
  "",
  "dz1 masks on the sign of dp1; it must mask on z1, the ReLU's input.",
  "dz1 is dp1 with no ReLU mask; it must be zero where z1 <= 0.",
  "dz1 keeps dp1 where z1 <= 0 and drops it where z1 > 0: the ReLU mask "
  "is inverted.",
};

/* The hypotheses for gradient id, most likely first. */
static int
hypotheses (const struct ctx *c, enum bp_grad_id id, struct hyp *hs)
{
  const gsl_matrix *W = id == BP_DW1 ? c->net->W1
    : id == BP_DW2 ? c->net->W2 : NULL;
  const gsl_matrix *left = id == BP_DW1 ? c->X
    : id == BP_DW2 ? c->cache->p1 : id == BP_DP1 ? c->net->W2 : NULL;
  const char *name = bp_grad_name (id);
  char says[200], code[40];
  int nh = 0;

  if (id == BP_DZ2)
    {
      add (hs, &nh, dz2_variant (c, DZ2_RIGHT), 0, "", "");
      add (hs, &nh, dz2_variant (c, DZ2_NO_ONEHOT), 0, "onehot-missing",
           "dz2 is softmax(z2) / N: the one-hot of the labels was not "
           "subtracted.");
      add (hs, &nh, dz2_variant (c, DZ2_SCORES), 0, "operand:z2",
           "dz2 uses the scores z2 where softmax(z2) belongs.");
      return nh;
    }
  if (id == BP_DZ1)
    {
      const gsl_matrix *U = upstream (c, BP_DP1);
      for (int m = MASK_Z1; m <= MASK_INVERTED; m++)
        add (hs, &nh, masked (U, c->cache->z1, m), 0, mask_code[m],
             mask_says[m]);
      /* dp1 multiplied by the values of z1 or p1 instead of the mask */
      for (int o = 0; o < 2; o++)
        {
          gsl_matrix *M = gsl_matrix_alloc (U->size1, U->size2);
          if (M)
            {
              gsl_matrix_memcpy (M, U);
              gsl_matrix_mul_elements (M, o ? c->cache->p1 : c->cache->z1);
            }
          snprintf (says, sizeof says, "dz1 multiplies dp1 by the values "
                    "of %s; it must multiply by the mask [z1 > 0].",
                    o ? "p1" : "z1");
          add (hs, &nh, M, 0, o ? "operand:p1" : "operand:z1", says);
        }
      return nh;
    }

  /* dW2, db2, dp1, dW1, db1: the rule with its upstream as supplied, as
   * a whole and as a data term. */
  {
    enum bp_grad_id up = id == BP_DW1 || id == BP_DB1 ? BP_DZ1 : BP_DZ2;
    gsl_matrix *B = data_term (c, id, left, upstream (c, up));
    if (W)
      add (hs, &nh, with_reg (B, W, c->reg), 1, "", "");
    add (hs, &nh, B, 0, "", "");
  }
  if (id == BP_DP1)
    {
      /* its negative entries zeroed: the ReLU applied to the gradient
       * (numpy's in-place dp1[dp1 < 0] = 0 leaves this behind) */
      gsl_matrix *B = data_term (c, id, left, upstream (c, BP_DZ2));
      add (hs, &nh, B ? masked (B, c->cache->z1, MASK_SIGN) : NULL, 0,
           "relu-mask-sign", "dp1 has its negative entries set to zero, a "
           "ReLU mask on its own sign; the mask belongs in dz1, on z1.");
      if (B)
        gsl_matrix_free (B);
      if (supplied (c, BP_DW2))
        add (hs, &nh, data_term (c, id, c->user->dW2, upstream (c, BP_DZ2)),
             0, "operand:dW2", "dp1 uses dW2 where W2 belongs.");
    }
  if (id == BP_DW2)
    add (hs, &nh, data_term (c, id, c->cache->z1, upstream (c, BP_DZ2)), 0,
         "operand:z1", "dW2 uses z1 where p1 belongs.");
  if (id == BP_DB2)
    add (hs, &nh, colsum (c->cache->z2), 0, "operand:z2",
         "db2 sums the scores z2 where dz2 belongs.");

  /* dz1 not supplied: a mistake in it, before dW1 and db1.  Tried before
   * the operands: with dz1 unseen, "dW1 from dp1" and "dz1 without its
   * mask" are the same, and the mask is the likelier. */
  if ((id == BP_DW1 || id == BP_DB1) && !supplied (c, BP_DZ1))
    for (int m = MASK_SIGN; m <= MASK_INVERTED; m++)
      {
        gsl_matrix *dz1 = masked (upstream (c, BP_DP1), c->cache->z1, m);
        snprintf (says, sizeof says, "%s fits a dz1 computed wrongly (dz1 "
                  "was not supplied): %s", name, mask_says[m]);
        add (hs, &nh, dz1 ? data_term (c, id, c->X, dz1) : NULL, 0,
             mask_code[m], says);
        if (dz1)
          gsl_matrix_free (dz1);
      }
  if (id == BP_DW1 || id == BP_DB1)
    {
      const gsl_matrix *ops[] = { upstream (c, BP_DP1), c->cache->z1,
                                  c->cache->p1 };
      const char *names[] = { "dp1", "z1", "p1" };
      for (int o = 0; o < 3; o++)
        {
          snprintf (code, sizeof code, "operand:%s", names[o]);
          snprintf (says, sizeof says, "%s uses %s where dz1 belongs.", name,
                    names[o]);
          add (hs, &nh, data_term (c, id, c->X, ops[o]), 0, code, says);
        }
    }

  /* dz2 not supplied: a mistake in it, before everything else. */
  if (!supplied (c, BP_DZ2))
    for (int v = DZ2_NO_ONEHOT; v <= DZ2_SCORES; v++)
      {
        gsl_matrix *dz2 = dz2_variant (c, v), *dp1 = NULL, *dz1 = NULL;
        gsl_matrix *B = NULL;
        if (dz2 && (id == BP_DW1 || id == BP_DB1))
          {
            dp1 = prod (CblasNoTrans, dz2, CblasTrans, c->net->W2);
            dz1 = dp1 ? masked (dp1, c->cache->z1, MASK_Z1) : NULL;
            B = dz1 ? data_term (c, id, c->X, dz1) : NULL;
          }
        else if (dz2)
          B = data_term (c, id, left, dz2);
        snprintf (says, sizeof says, "%s fits a dz2 computed wrongly (dz2 "
                  "was not supplied): %s", name,
                  v == DZ2_NO_ONEHOT ? "softmax(z2)/N without the one-hot."
                  : "the scores z2 used where softmax(z2) belongs.");
        add (hs, &nh, B, 0, v == DZ2_NO_ONEHOT ? "onehot-missing"
             : "operand:z2", says);
        if (dz2)
          gsl_matrix_free (dz2);
        if (dp1)
          gsl_matrix_free (dp1);
        if (dz1)
          gsl_matrix_free (dz1);
      }
  return nh;
}

/* Try every hypothesis for one root gradient, the fewest fitted factors
 * first; returns 1 when one explains it. */
static int
explain (const struct ctx *c, bp_gradcheck_grad *g)
{
  enum bp_grad_id id = g->id;
  gsl_matrix_view av = bp_grads_matrix ((bp_grads *) c->user, id);
  gsl_matrix_view rv = bp_grads_matrix ((bp_grads *) c->ref, id);
  const gsl_matrix *W = id == BP_DW1 ? c->net->W1
    : id == BP_DW2 ? c->net->W2 : NULL;
  struct hyp hs[MAX_HYPS];
  int nh, found = 0;

  if (maxabs (&av.matrix) <= c->atol * maxabs (&rv.matrix))
    {
      snprintf (g->cause, sizeof g->cause, "zero");
      snprintf (g->because, sizeof g->because, "%s is zero everywhere. "
                "The rule: %s.", bp_grad_name (id), bp_backward_rule (id));
      return 1;
    }
  nh = hypotheses (c, id, hs);
  for (int level = 0; level < 4 && !found; level++)
    for (int i = 0; i < nh && !found; i++)
      found = try_hyp (c, g, &av.matrix, &hs[i], W, level);
  for (int i = 0; i < nh; i++)
    if (hs[i].B)
      gsl_matrix_free (hs[i].B);
  return found;
}

/* The mismatched entries, when few or all in one row or column. */
static int
explain_entries (bp_gradcheck_grad *g)
{
  size_t n = g->rows * g->cols, nbad = 0, row = 0, col = 0;
  int one_row = 1, one_col = 1;
  char list[160] = "";

  for (size_t i = 0; i < n; i++)
    if (g->bad[i])
      {
        if (nbad == 0)
          {
            row = i / g->cols;
            col = i % g->cols;
          }
        one_row &= i / g->cols == row;
        one_col &= i % g->cols == col;
        if (nbad < 5)
          {
            size_t used = strlen (list);
            snprintf (list + used, sizeof list - used, "%s%zu,%zu",
                      nbad ? " " : "", i / g->cols, i % g->cols);
          }
        nbad++;
      }
  if (nbad == 0 || nbad == n)
    return 0;
  if (nbad <= 5 || (one_row && g->rows > 1) || (one_col && g->cols > 1))
    {
      snprintf (g->cause, sizeof g->cause, "entries");
      snprintf (g->because, sizeof g->because, "%s is wrong in only %zu of "
                "its %zu entries%s%s (%s%s); the rest agree: look for an "
                "indexing or loop-bound mistake. The rule: %s.",
                bp_grad_name (g->id), nbad, n,
                one_row && g->rows > 1 ? ", all in one row" : "",
                one_col && g->cols > 1 && !(one_row && g->rows > 1)
                ? ", all in one column" : "", list, nbad > 5 ? " ..." : "",
                bp_backward_rule (g->id));
      return 1;
    }
  return 0;
}

int
bp_causes_explain (bp_gradcheck *r, const bp_net *net, const gsl_matrix *X,
                   const size_t *y, double reg, const bp_cache *cache,
                   const bp_grads *user)
{
  struct ctx c;
  bp_grads *ref = bp_grads_alloc (r->N, net->D, net->H, net->C);
  int status;

  if (ref == NULL)
    return GSL_ENOMEM;
  status = bp_net_backward (net, X, y, reg, cache, ref);
  c.net = net;
  c.X = X;
  c.y = y;
  c.reg = reg;
  c.cache = cache;
  c.user = user;
  c.ref = ref;
  c.N = r->N;
  c.rtol = r->opts.float32 ? 1e-3 : 1e-6;
  c.atol = r->opts.float32 ? 1e-5 : 1e-9;
  for (int id = 0; id < BP_NGRADS && status == 0; id++)
    {
      bp_gradcheck_grad *g = &r->g[id];
      if (g->status != BP_STATUS_ROOT)
        continue;
      if (explain (&c, g) || explain_entries (g))
        continue;
      snprintf (g->cause, sizeof g->cause, "unknown");
      snprintf (g->because, sizeof g->because, "%s matches none of the "
                "known mistakes; compare its worst entries with the "
                "numerical ones below. The rule: %s.", bp_grad_name (id),
                bp_backward_rule (id));
    }
  bp_grads_free (ref);
  return status;
}
