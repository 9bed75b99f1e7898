/* net.c -- the two-layer network: layers as forward/backward pairs. */

#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>

#include "backprop/net.h"
#include "layout.h"

/* theta starts on a 64-byte line: 8 doubles. */
#define THETA_ALIGN 8

/* a * b, or 0 if the product overflows size_t. */
static size_t
mul_size (size_t a, size_t b)
{
  if (a != 0 && b > SIZE_MAX / a)
    return 0;
  return a * b;
}

/* a + b, or 0 if either is 0 or the sum overflows. */
static size_t
add_size (size_t a, size_t b)
{
  if (a == 0 || b == 0 || b > SIZE_MAX - a)
    return 0;
  return a + b;
}

size_t
bp_net_size (size_t D, size_t H, size_t C)
{
  size_t n = add_size (add_size (mul_size (D, H), H),
                       add_size (mul_size (H, C), C));
  if (n > SIZE_MAX / sizeof (double))
    return 0;
  return n;
}

void
bp_layout_views (gsl_vector *theta, size_t D, size_t H, size_t C,
                 gsl_matrix_view *W1, gsl_vector_view *b1,
                 gsl_matrix_view *W2, gsl_vector_view *b2)
{
  double *at = theta->data;

  *W1 = gsl_matrix_view_array (at, D, H);
  at += D * H;
  *b1 = gsl_vector_view_array (at, H);
  at += H;
  *W2 = gsl_matrix_view_array (at, H, C);
  at += H * C;
  *b2 = gsl_vector_view_array (at, C);
}

bp_net *
bp_net_alloc (size_t D, size_t H, size_t C)
{
  size_t n = bp_net_size (D, H, C);
  bp_net *net;

  if (n == 0)
    GSL_ERROR_NULL ("network sizes must be positive and not overflow",
                    GSL_EINVAL);
  net = n > (SIZE_MAX - sizeof *net) / sizeof (double) - THETA_ALIGN ? NULL
    : calloc (1, sizeof *net + (n + THETA_ALIGN) * sizeof (double));
  if (net == NULL)
    GSL_ERROR_NULL ("cannot allocate network", GSL_ENOMEM);
  /* theta starts on a cache line, as the vector loops over it like */
  net->theta_view = gsl_vector_view_array (net->data + (THETA_ALIGN
    - (uintptr_t) net->data / sizeof (double) % THETA_ALIGN) % THETA_ALIGN, n);
  net->theta = &net->theta_view.vector;
  net->D = D;
  net->H = H;
  net->C = C;
  bp_layout_views (net->theta, D, H, C, &net->W1_view, &net->b1_view,
                   &net->W2_view, &net->b2_view);
  net->W1 = &net->W1_view.matrix;
  net->b1 = &net->b1_view.vector;
  net->W2 = &net->W2_view.matrix;
  net->b2 = &net->b2_view.vector;
  return net;
}

void
bp_net_free (bp_net *net)
{
  free (net);                   /* the struct and theta are one block */
}

int
bp_net_memcpy (bp_net *dest, const bp_net *src)
{
  if (dest->D != src->D || dest->H != src->H || dest->C != src->C)
    GSL_ERROR ("networks differ in shape", GSL_EBADLEN);
  return gsl_vector_memcpy (dest->theta, src->theta);
}

static void
fill_gaussian (gsl_matrix *W, gsl_rng *rng, double std)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      gsl_matrix_set (W, i, j, gsl_ran_gaussian (rng, std));
}

void
bp_net_init_gaussian (bp_net *net, gsl_rng *rng, double std)
{
  fill_gaussian (net->W1, rng, std);
  fill_gaussian (net->W2, rng, std);
  gsl_vector_set_zero (net->b1);
  gsl_vector_set_zero (net->b2);
}

void
bp_net_init_he (bp_net *net, gsl_rng *rng)
{
  fill_gaussian (net->W1, rng, sqrt (2.0 / (double) net->D));
  fill_gaussian (net->W2, rng, sqrt (2.0 / (double) net->H));
  gsl_vector_set_zero (net->b1);
  gsl_vector_set_zero (net->b2);
}

bp_cache *
bp_cache_alloc (size_t N, size_t H, size_t C)
{
  bp_cache *c;

  if (mul_size (N, H) == 0 || mul_size (N, C) == 0
      || mul_size (N, H) > SIZE_MAX / sizeof (double)
      || mul_size (N, C) > SIZE_MAX / sizeof (double))
    GSL_ERROR_NULL ("cache sizes must be positive and not overflow",
                    GSL_EINVAL);
  c = calloc (1, sizeof *c);
  if (c == NULL)
    GSL_ERROR_NULL ("cannot allocate cache", GSL_ENOMEM);
  c->N = N;
  c->H = H;
  c->C = C;
  c->z1 = gsl_matrix_alloc (N, H);
  c->p1 = c->z1 ? gsl_matrix_alloc (N, H) : NULL;
  c->z2 = c->p1 ? gsl_matrix_alloc (N, C) : NULL;
  c->prob = c->z2 ? gsl_matrix_alloc (N, C) : NULL;
  if (c->prob == NULL)
    {
      bp_cache_free (c);
      GSL_ERROR_NULL ("cannot allocate cache", GSL_ENOMEM);
    }
  return c;
}

void
bp_cache_free (bp_cache *c)
{
  if (c == NULL)
    return;
  gsl_matrix_free (c->z1);
  gsl_matrix_free (c->p1);
  gsl_matrix_free (c->z2);
  gsl_matrix_free (c->prob);
  free (c);
}

/* Affine layer. */

/* y += x for n values at strides ys and xs: a layer's bias added to a row,
 * a row added to the column sums of a gradient.  In a bp_net both are
 * contiguous, and then the loop vectorizes. */
static void
add_strided (double *restrict y, size_t ys, const double *restrict x,
             size_t xs, size_t n)
{
  if (ys == 1 && xs == 1)
    {
#pragma omp simd
      for (size_t j = 0; j < n; j++)
        y[j] += x[j];
    }
  else
    for (size_t j = 0; j < n; j++)
      y[j * ys] += x[j * xs];
}

int
bp_affine_forward (const gsl_matrix *X, const gsl_matrix *W,
                   const gsl_vector *b, gsl_matrix *Z)
{
  int status;

  if (X->size2 != W->size1 || Z->size1 != X->size1 || Z->size2 != W->size2
      || b->size != W->size2)
    GSL_ERROR ("affine_forward: shapes do not match", GSL_EBADLEN);
  /* The product first, then the bias: a product that adds to Z (beta 1)
   * took a twentieth longer than one that overwrites it. */
  status = gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, X, W, 0.0, Z);
  for (size_t i = 0; status == 0 && i < Z->size1; i++)
    add_strided (Z->data + i * Z->tda, 1, b->data, b->stride, Z->size2);
  return status;
}

/* Z = X W + 1 b', so Z_nm = sum_k X_nk W_km + b_m.  With upstream dZ:
 *   dL/dW_km = sum_n X_nk dZ_nm        dW = X' dZ
 *   dL/db_m  = sum_n dZ_nm             db = column sums of dZ
 *   dL/dX_nk = sum_m dZ_nm W_km        dX = dZ W' */
int
bp_affine_backward (const gsl_matrix *dZ, const gsl_matrix *X,
                    const gsl_matrix *W, gsl_matrix *dX, gsl_matrix *dW,
                    gsl_vector *db)
{
  int status = 0;

  if (X->size1 != dZ->size1 || X->size2 != W->size1
      || W->size2 != dZ->size2)
    GSL_ERROR ("affine_backward: shapes do not match", GSL_EBADLEN);
  if (dW != NULL)
    status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dZ, 0.0, dW);
  if (status == 0 && dX != NULL)
    status = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ, W, 0.0, dX);
  if (status == 0 && db != NULL)
    {
      if (db->size != dZ->size2)
        GSL_ERROR ("affine_backward: db has the wrong length", GSL_EBADLEN);
      gsl_vector_set_zero (db);
      for (size_t n = 0; n < dZ->size1; n++)
        add_strided (db->data, db->stride, dZ->data + n * dZ->tda, 1,
                     dZ->size2);
    }
  return status;
}

/* ReLU. */

/* Both halves choose between two values loaded unconditionally, so that
 * each row is one vectorized select: a branch on the signs of activations
 * is mispredicted about half the time, which made the two ReLU layers cost
 * a seventh of a training step.  With OpenMP, the threads that BLIS uses
 * between its matrix products share the rows of a large matrix. */
#define RELU_PARALLEL(Z) ((Z)->size1 * (Z)->size2 > 10000)

int
bp_relu_forward (const gsl_matrix *Z, gsl_matrix *P)
{
  if (Z->size1 != P->size1 || Z->size2 != P->size2)
    GSL_ERROR ("relu_forward: shapes do not match", GSL_EBADLEN);
#ifdef _OPENMP
#pragma omp parallel for if (RELU_PARALLEL (Z))
#endif
  for (size_t i = 0; i < Z->size1; i++)
    {
      const double *z = Z->data + i * Z->tda;
      double *p = P->data + i * P->tda;
#pragma omp simd
      for (size_t j = 0; j < Z->size2; j++)
        p[j] = z[j] > 0.0 ? z[j] : 0.0;
    }
  return 0;
}

/* P = max(0, Z) entrywise, so dP_ij/dZ_ij = 1 where Z_ij > 0 and 0 where
 * Z_ij < 0 (at the kink Z_ij = 0 we take 0).  The mask is on Z, the layer's
 * input -- not on dP, the upstream gradient:  dZ = dP * [Z > 0]. */
int
bp_relu_backward (const gsl_matrix *dP, const gsl_matrix *Z, gsl_matrix *dZ)
{
  if (dP->size1 != Z->size1 || dP->size2 != Z->size2
      || dZ->size1 != Z->size1 || dZ->size2 != Z->size2)
    GSL_ERROR ("relu_backward: shapes do not match", GSL_EBADLEN);
#ifdef _OPENMP
#pragma omp parallel for if (RELU_PARALLEL (Z))
#endif
  for (size_t i = 0; i < Z->size1; i++)
    {
      const double *z = Z->data + i * Z->tda, *dp = dP->data + i * dP->tda;
      double *dz = dZ->data + i * dZ->tda;
#pragma omp simd
      for (size_t j = 0; j < Z->size2; j++)
        {
          double d = dp[j];
          dz[j] = z[j] > 0.0 ? d : 0.0;
        }
    }
  return 0;
}

/* Softmax cross-entropy. */

/* log sum_c exp z_c, by way of the largest z_c so that no exp overflows. */
static double
log_sum_exp (const gsl_vector *z)
{
  double m = gsl_vector_max (z), s = 0.0;

  for (size_t c = 0; c < z->size; c++)
    s += exp (gsl_vector_get (z, c) - m);
  return m + log (s);
}

double
bp_softmax_loss_forward (const gsl_matrix *Z, const size_t *y,
                         gsl_matrix *prob)
{
  size_t N = Z->size1, C = Z->size2;
  double total = 0.0;

  if (prob != NULL && (prob->size1 != N || prob->size2 != C))
    GSL_ERROR_VAL ("softmax_loss_forward: shapes do not match",
                   GSL_EBADLEN, GSL_NAN);
  for (size_t n = 0; n < N; n++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (Z, n);
      double lse;

      if (y[n] >= C)
        GSL_ERROR_VAL ("softmax_loss_forward: label out of range",
                       GSL_EINVAL, GSL_NAN);
      lse = log_sum_exp (&row.vector);
      total += lse - gsl_matrix_get (Z, n, y[n]);
      if (prob != NULL)
        for (size_t c = 0; c < C; c++)
          gsl_matrix_set (prob, n, c, exp (gsl_matrix_get (Z, n, c) - lse));
    }
  return total / (double) N;
}

/* L = (1/N) sum_n (lse(Z_n) - Z_n,y_n), and d lse(Z_n)/dZ_nc = softmax(Z_n)_c,
 * so dL/dZ_nc = (softmax(Z_n)_c - [c == y_n]) / N. */
int
bp_softmax_loss_backward (const gsl_matrix *prob, const size_t *y,
                          gsl_matrix *dZ)
{
  size_t N = prob->size1, C = prob->size2;

  if (dZ->size1 != N || dZ->size2 != C)
    GSL_ERROR ("softmax_loss_backward: shapes do not match", GSL_EBADLEN);
  for (size_t n = 0; n < N; n++)
    if (y[n] >= C)
      GSL_ERROR ("softmax_loss_backward: label out of range", GSL_EINVAL);
  for (size_t n = 0; n < N; n++)
    {
      const double *p = prob->data + n * prob->tda;
      double *dz = dZ->data + n * dZ->tda;
#pragma omp simd
      for (size_t c = 0; c < C; c++)
        dz[c] = (p[c] - (double) (c == y[n])) / (double) N;
    }
  return 0;
}

/* L2 penalty. */

double
bp_l2_forward (const gsl_matrix *W, double reg)
{
  /* Rows that follow each other in memory make one vector for ddot. */
  int whole = W->tda == W->size2;
  size_t rows = whole ? 1 : W->size1;
  size_t len = whole ? W->size1 * W->size2 : W->size2;
  double sum = 0.0;

  for (size_t i = 0; i < rows; i++)
    {
      gsl_vector_const_view v =
        gsl_vector_const_view_array (W->data + i * W->tda, len);
      double s;
      gsl_blas_ddot (&v.vector, &v.vector, &s);
      sum += s;
    }
  return reg * sum;
}

/* P = reg sum_km W_km^2, so dP/dW_km = 2 reg W_km.  W's gradient already
 * holds the data term, so the penalty's is added:  dW += 2 reg W.
 * With OpenMP, the threads that BLIS uses between its matrix products
 * share the rows of a large W (BLAS's daxpy runs on one). */
int
bp_l2_backward (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  if (dW->size1 != W->size1 || dW->size2 != W->size2)
    GSL_ERROR ("l2_backward: shapes do not match", GSL_EBADLEN);
  if (reg == 0.0)
    return 0;                   /* nothing to add */
#ifdef _OPENMP
#pragma omp parallel for if (W->size1 * W->size2 > 10000)
#endif
  for (size_t i = 0; i < W->size1; i++)
    {
      const double *w = W->data + i * W->tda;
      double *dw = dW->data + i * dW->tda;
#pragma omp simd
      for (size_t j = 0; j < W->size2; j++)
        dw[j] += 2.0 * reg * w[j];
    }
  return 0;
}

/* The whole net. */

static int
check_cache (const bp_net *net, const bp_cache *cache)
{
  if (cache->H != net->H || cache->C != net->C)
    GSL_ERROR ("cache does not fit the network", GSL_EBADLEN);
  return 0;
}

int
bp_net_forward_from_p1 (const bp_net *net, bp_cache *cache)
{
  int status = bp_affine_forward (cache->p1, net->W2, net->b2, cache->z2);
  if (status)
    return status;
  /* prob = softmax(z2); labels are not needed for it.  The rows are
   * independent: a large batch shares them between threads. */
#ifdef _OPENMP
#pragma omp parallel for if (cache->N * cache->C > 1000)
#endif
  for (size_t n = 0; n < cache->N; n++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (cache->z2, n);
      const double *z = row.vector.data;
      double *p = cache->prob->data + n * cache->prob->tda;
      double m = gsl_vector_max (&row.vector), s = 0.0;
      for (size_t c = 0; c < cache->C; c++)
        {
          p[c] = exp (z[c] - m);
          s += p[c];
        }
      /* A loop, not gsl_vector_scale: that calls BLAS, whose overhead
       * for ten values made this function a sixth slower. */
      for (size_t c = 0; c < cache->C; c++)
        p[c] *= 1.0 / s;
    }
  return 0;
}

int
bp_net_forward_from_z1 (const bp_net *net, bp_cache *cache)
{
  int status = bp_relu_forward (cache->z1, cache->p1);
  return status ? status : bp_net_forward_from_p1 (net, cache);
}

int
bp_net_forward (const bp_net *net, const gsl_matrix *X, bp_cache *cache)
{
  int status = check_cache (net, cache);
  if (status)
    return status;
  if (X->size1 != cache->N || X->size2 != net->D)
    GSL_ERROR ("forward: X does not fit the network and cache", GSL_EBADLEN);
  status = bp_affine_forward (X, net->W1, net->b1, cache->z1);
  return status ? status : bp_net_forward_from_z1 (net, cache);
}

double
bp_net_reg_loss (const bp_net *net, double reg)
{
  return reg * (bp_l2_forward (net->W1, 1.0) + bp_l2_forward (net->W2, 1.0));
}

/* From the probabilities the forward pass left in the cache: -log prob_n,y_n
 * equals lse(z2_n) - z2_n,y_n to rounding, for one log per sample instead
 * of C exps.  A probability below DBL_MIN has lost digits (or is zero):
 * that sample's term is computed from z2 instead. */
double
bp_net_data_loss (const bp_cache *cache, const size_t *y)
{
  double total = 0.0;

  for (size_t n = 0; n < cache->N; n++)
    {
      double p;

      if (y[n] >= cache->C)
        GSL_ERROR_VAL ("net_data_loss: label out of range", GSL_EINVAL,
                       GSL_NAN);
      p = gsl_matrix_get (cache->prob, n, y[n]);
      if (p >= GSL_DBL_MIN)
        total -= log (p);
      else
        {
          gsl_vector_const_view row = gsl_matrix_const_row (cache->z2, n);
          total += log_sum_exp (&row.vector)
            - gsl_matrix_get (cache->z2, n, y[n]);
        }
    }
  return total / (double) cache->N;
}

double
bp_net_loss (const bp_net *net, const bp_cache *cache, const size_t *y,
             double reg)
{
  return bp_net_data_loss (cache, y) + bp_net_reg_loss (net, reg);
}

int
bp_net_predict (const bp_net *net, const gsl_matrix *X, bp_cache *cache,
                size_t *labels)
{
  int status = bp_net_forward (net, X, cache);
  if (status)
    return status;
  for (size_t n = 0; n < cache->N; n++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (cache->z2, n);
      labels[n] = gsl_vector_max_index (&row.vector);
    }
  return 0;
}
