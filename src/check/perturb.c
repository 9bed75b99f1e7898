/* perturb.c -- change of the global or local objective when one entry of
 * one tensor moves (see perturb.h). */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "backprop/perturb.h"

bp_perturb *
bp_perturb_alloc (const bp_net *net, const gsl_matrix *X, const size_t *y,
                  double reg, const bp_cache *cache, const bp_grads *user)
{
  bp_perturb *p = malloc (sizeof *p + net->C * sizeof p->dz[0]);

  if (p == NULL)
    GSL_ERROR_NULL ("cannot allocate perturber", GSL_ENOMEM);
  *p = (bp_perturb) { .net = net, .X = X, .y = y, .reg = reg,
                      .cache = cache, .user = user,
                      .w = 1.0 / (double) cache->N, .regw = reg,
                      .regb = 0.0 };
  return p;
}

void
bp_perturb_set_convention (bp_perturb *p, const bp_convention *c)
{
  p->w = bp_convention_sample_weight (c, p->cache->N);
  p->regw = bp_convention_reg_w (c, p->reg);
  p->regb = bp_convention_reg_b (c, p->reg);
}

void
bp_perturb_free (bp_perturb *p)
{
  free (p);                     /* header and workspace are one block */
}

void
bp_perturb_shape (const bp_perturb *p, enum bp_grad_id id, size_t *rows,
                  size_t *cols)
{
  size_t N = p->cache->N, D = p->net->D, H = p->net->H, C = p->net->C;
  static const int is_batch[BP_NGRADS] = { 1, 0, 0, 1, 1, 0, 0 };

  switch (id)
    {
    case BP_DZ2: case BP_DW2: case BP_DB2: *cols = C; break;
    default: *cols = H; break;
    }
  if (is_batch[id])
    *rows = N;
  else if (id == BP_DW2)
    *rows = H;
  else if (id == BP_DW1)
    *rows = D;
  else
    *rows = 1;
}

int
bp_perturb_has_local (const bp_perturb *p, enum bp_grad_id id)
{
  int up = bp_grad_upstream (id);
  if (up < 0)
    return 1;
  return p->user != NULL && (p->user->present & (1u << up));
}

static inline double
relu (double z)
{
  return z > 0.0 ? z : 0.0;
}

/* Change of sample n's loss term -log softmax(z2_n)[y_n] when its scores
 * move by dz (C values):  lse(z + dz) - lse(z) = log sum_c prob_c e^dz_c
 * = log1p (sum_c prob_c expm1(dz_c)),  minus dz_y. */
static double
row_delta (const bp_perturb *p, size_t n, const double *dz)
{
  size_t C = p->net->C;
  const double *prob = p->cache->prob->data + n * C;
  double s = 0.0;

  for (size_t c = 0; c < C; c++)
    s += prob[c] * expm1 (dz[c]);
  return log1p (s) - dz[p->y[n]];
}

/* The same when only score c of sample n moves, by d. */
static double
score_delta (const bp_perturb *p, size_t n, size_t c, double d)
{
  double prob = gsl_matrix_get (p->cache->prob, n, c);
  return log1p (prob * expm1 (d)) - (p->y[n] == c ? d : 0.0);
}

/* Change of sample n's loss when p1[n, j] moves by dp: z2_n moves by
 * dp W2[j, :]. */
static double
hidden_delta (bp_perturb *p, size_t n, size_t j, double dp)
{
  size_t C = p->net->C;
  if (dp == 0.0)
    return 0.0;
  for (size_t c = 0; c < C; c++)
    p->dz[c] = dp * gsl_matrix_get (p->net->W2, j, c);
  return row_delta (p, n, p->dz);
}

/* reg (x0 + delta)^2 - reg x0^2. */
static double
reg_delta (double reg, double x0, double delta)
{
  return reg * delta * (2.0 * x0 + delta);
}

static double
global_delta (bp_perturb *p, enum bp_grad_id id, size_t i, double delta)
{
  const bp_cache *c = p->cache;
  size_t N = c->N, H = p->net->H, C = p->net->C;
  double s = 0.0;

  switch (id)
    {
    case BP_DZ2:                /* z2[n, k] */
      return score_delta (p, i / C, i % C, delta) * p->w;
    case BP_DB2:                /* b2[k]: column k of z2 */
      for (size_t n = 0; n < N; n++)
        s += score_delta (p, n, i, delta);
      return s * p->w + reg_delta (p->regb, p->net->b2->data[i], delta);
    case BP_DW2:                /* W2[j, k]: z2[:, k] += p1[:, j] delta */
      for (size_t n = 0; n < N; n++)
        s += score_delta (p, n, i % C,
                          gsl_matrix_get (c->p1, n, i / C) * delta);
      return s * p->w + reg_delta (p->regw, p->net->W2->data[i], delta);
    case BP_DP1:                /* p1[n, j] */
      return hidden_delta (p, i / H, i % H, delta) * p->w;
    case BP_DZ1:                /* z1[n, j] */
      {
        double z = c->z1->data[i];
        return hidden_delta (p, i / H, i % H, relu (z + delta) - relu (z))
          * p->w;
      }
    case BP_DB1:                /* b1[j]: column j of z1 */
      for (size_t n = 0; n < N; n++)
        {
          double z = gsl_matrix_get (c->z1, n, i);
          s += hidden_delta (p, n, i, relu (z + delta) - relu (z));
        }
      return s * p->w + reg_delta (p->regb, p->net->b1->data[i], delta);
    case BP_DW1:                /* W1[k, j]: z1[:, j] += X[:, k] delta */
      {
        size_t k = i / H, j = i % H;
        for (size_t n = 0; n < N; n++)
          {
            double z = gsl_matrix_get (c->z1, n, j);
            double dzz = gsl_matrix_get (p->X, n, k) * delta;
            s += hidden_delta (p, n, j, relu (z + dzz) - relu (z));
          }
        return s * p->w + reg_delta (p->regw, p->net->W1->data[i], delta);
      }
    default:
      return GSL_NAN;
    }
}

/* An affine layer Z = A W + 1 b' with upstream dZ (N rows): sum_n
 * dZ[n, m] A[n, k], the change of <dZ, A W> per unit of W[k, m]; with A
 * NULL, the column of ones that b multiplies, sum_n dZ[n, m] for b[m]. */
static double
affine_dot (const gsl_matrix *dZ, const gsl_matrix *A, size_t N, size_t k,
            size_t m)
{
  double s = 0.0;

  for (size_t n = 0; n < N; n++)
    s += gsl_matrix_get (dZ, n, m) * (A ? gsl_matrix_get (A, n, k) : 1.0);
  return s;
}

/* The local objectives are linear in the entry except through relu; each
 * case is <upstream, node(input)> differenced for one entry. */
static double
local_delta (bp_perturb *p, enum bp_grad_id id, size_t i, double delta)
{
  const bp_cache *c = p->cache;
  const bp_grads *u = p->user;
  size_t N = c->N, H = p->net->H, C = p->net->C;
  double s = 0.0;

  switch (id)
    {
    case BP_DZ2:
      return global_delta (p, id, i, delta);
    case BP_DW2:                /* <dz2, p1 W2> + reg |W2|^2 */
      return affine_dot (u->dz2, c->p1, N, i / C, i % C) * delta
        + reg_delta (p->regw, p->net->W2->data[i], delta);
    case BP_DB2:                /* <dz2, 1 b2'> (+ regb |b2|^2) */
      return affine_dot (u->dz2, NULL, N, 0, i) * delta
        + reg_delta (p->regb, p->net->b2->data[i], delta);
    case BP_DP1:                /* <dz2, p1 W2> */
      for (size_t k = 0; k < C; k++)
        s += gsl_matrix_get (u->dz2, i / H, k)
          * gsl_matrix_get (p->net->W2, i % H, k);
      return s * delta;
    case BP_DZ1:                /* <dp1, relu(z1)> */
      {
        double z = c->z1->data[i];
        return u->dp1->data[i] * (relu (z + delta) - relu (z));
      }
    case BP_DW1:                /* <dz1, X W1> + reg |W1|^2 */
      return affine_dot (u->dz1, p->X, N, i / H, i % H) * delta
        + reg_delta (p->regw, p->net->W1->data[i], delta);
    case BP_DB1:                /* <dz1, 1 b1'> (+ regb |b1|^2) */
      return affine_dot (u->dz1, NULL, N, 0, i) * delta
        + reg_delta (p->regb, p->net->b1->data[i], delta);
    default:
      return GSL_NAN;
    }
}

double
bp_perturb_delta (bp_perturb *p, enum bp_grad_id id, enum bp_ref ref,
                  size_t i, double delta)
{
  return ref == BP_REF_LOCAL ? local_delta (p, id, i, delta)
    : global_delta (p, id, i, delta);
}

/* Does z, moved by anything in [-d, d] (d >= 0), change sign? */
/* How far from zero a z1 may be and still lie on the ReLU's kink: the
 * rounding of its sum of D products, of order D eps times its terms,
 * leaves its sign, and so the mask, to chance (a student's numpy and
 * this library's BLAS may mask it differently). */
#define KINK_ROUNDING 1e-11

/* Does a step of d either way from z, or z's own rounding, cross the
 * kink? */
static int
straddles (double z, double d)
{
  d = fmax (d, KINK_ROUNDING);
  return (z > 0.0) != (z + d > 0.0) || (z > 0.0) != (z - d > 0.0);
}

int
bp_perturb_kink (const bp_perturb *p, enum bp_grad_id id, size_t i, double h)
{
  const gsl_matrix *z1 = p->cache->z1;
  size_t N = p->cache->N, H = p->net->H;

  switch (id)
    {
    case BP_DZ1:
      return straddles (z1->data[i], h);
    case BP_DB1:
      for (size_t n = 0; n < N; n++)
        if (straddles (gsl_matrix_get (z1, n, i), h))
          return 1;
      return 0;
    case BP_DW1:
      for (size_t n = 0; n < N; n++)
        if (straddles (gsl_matrix_get (z1, n, i % H),
                       fabs (gsl_matrix_get (p->X, n, i / H)) * h))
          return 1;
      return 0;
    default:
      return 0;                 /* z1 does not depend on W2, b2, p1, z2 */
    }
}

double
bp_perturb_curvature (const bp_perturb *p, enum bp_grad_id id,
                      enum bp_ref ref, size_t i)
{
  size_t N = p->cache->N, H = p->net->H, C = p->net->C;
  size_t j = i % H;
  double w2 = 0.0, x2 = 0.0;

  if (ref == BP_REF_LOCAL)
    return id == BP_DW1 || id == BP_DW2 ? 2.0 * p->regw
      : id == BP_DB1 || id == BP_DB2 ? 2.0 * p->regb : 0.0;
  for (size_t c = 0; c < C; c++)
    w2 += gsl_matrix_get (p->net->W2, j, c) * gsl_matrix_get (p->net->W2, j, c);
  switch (id)
    {
    case BP_DZ1:                /* w * 1/2 |W2[j,:]|^2, w = 1/N or 1 */
      return 0.5 * w2 * p->w;
    case BP_DB1:                /* sum over the N samples of the same */
      return 0.5 * w2 * p->w * (double) N + 2.0 * p->regb;
    case BP_DW1:                /* each sample weighted by X[n,k]^2 */
      for (size_t n = 0; n < N; n++)
        x2 += gsl_matrix_get (p->X, n, i / H) * gsl_matrix_get (p->X, n, i / H);
      return 0.5 * w2 * x2 * p->w + 2.0 * p->regw;
    default:
      return 0.0;
    }
}
