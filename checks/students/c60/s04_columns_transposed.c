/* backward.c -- I did the derivation with samples as COLUMNS (like in
 * my numerics course), so here everything is computed transposed and
 * turned around at the end:
 *
 *   dZ2t = (Pt - Yt)/N              C x N,  Yt(y(n), n) = 1
 *   dW2t = dZ2t * A1 + 2 reg W2t    C x H
 *   db2  = sum(dZ2t, 2)             row sums
 *   dA1t = W2 * dZ2t                H x N
 *   dZ1t = dA1t .* (Z1t > 0)
 *   dW1t = dZ1t * X + 2 reg W1t     H x D
 *   db1  = sum(dZ1t, 2)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, h;
    gsl_matrix *Yt, *dZ2t, *dW2t, *dA1t, *Z1t, *dZ1t, *dW1t;
    gsl_matrix *W2t, *W1t;

    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    Yt   = gsl_matrix_calloc (C, N);
    dZ2t = gsl_matrix_alloc (C, N);
    dW2t = gsl_matrix_alloc (C, H);
    W2t  = gsl_matrix_alloc (C, H);
    dA1t = gsl_matrix_alloc (H, N);
    Z1t  = gsl_matrix_alloc (H, N);
    dZ1t = gsl_matrix_alloc (H, N);
    dW1t = gsl_matrix_alloc (H, D);
    W1t  = gsl_matrix_alloc (H, D);

    /* dZ2t = (Pt - Yt) / N */
    for (n = 0; n < N; n++)
    {
        gsl_matrix_set (Yt, y[n], n, 1.0);
    }
    gsl_matrix_transpose_memcpy (dZ2t, cache->prob);
    gsl_matrix_sub (dZ2t, Yt);
    gsl_matrix_scale (dZ2t, 1.0 / (double) N);
    gsl_matrix_transpose_memcpy (g->dz2, dZ2t);

    /* dW2t = dZ2t * A1 + 2 reg W2t */
    gsl_matrix_transpose_memcpy (W2t, net->W2);
    gsl_matrix_memcpy (dW2t, W2t);
    gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, dZ2t, cache->p1,
                    2.0 * reg, dW2t);
    gsl_matrix_transpose_memcpy (g->dW2, dW2t);

    /* db2 = sum(dZ2t, 2): add up the columns of dZ2t */
    gsl_vector_set_zero (g->db2);
    for (n = 0; n < N; n++)
    {
        gsl_vector_view col = gsl_matrix_column (dZ2t, n);
        gsl_vector_add (g->db2, &col.vector);
    }

    /* dA1t = W2 * dZ2t */
    gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, net->W2, dZ2t, 0.0, dA1t);
    gsl_matrix_transpose_memcpy (g->dp1, dA1t);

    /* dZ1t = dA1t .* (Z1t > 0) */
    gsl_matrix_transpose_memcpy (Z1t, cache->z1);
    for (n = 0; n < N; n++)
    {
        for (h = 0; h < H; h++)
        {
            gsl_matrix_set (Z1t, h, n, gsl_matrix_get (Z1t, h, n) > 0.0 ? 1.0 : 0.0);
        }
    }
    gsl_matrix_memcpy (dZ1t, dA1t);
    gsl_matrix_mul_elements (dZ1t, Z1t);
    gsl_matrix_transpose_memcpy (g->dz1, dZ1t);

    /* dW1t = dZ1t * X + 2 reg W1t */
    gsl_matrix_transpose_memcpy (W1t, net->W1);
    gsl_matrix_memcpy (dW1t, W1t);
    gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, dZ1t, X, 2.0 * reg, dW1t);
    gsl_matrix_transpose_memcpy (g->dW1, dW1t);

    /* db1 = sum(dZ1t, 2) */
    gsl_vector_set_zero (g->db1);
    for (n = 0; n < N; n++)
    {
        gsl_vector_view col = gsl_matrix_column (dZ1t, n);
        gsl_vector_add (g->db1, &col.vector);
    }

    gsl_matrix_free (Yt);
    gsl_matrix_free (dZ2t);
    gsl_matrix_free (dW2t);
    gsl_matrix_free (W2t);
    gsl_matrix_free (dA1t);
    gsl_matrix_free (Z1t);
    gsl_matrix_free (dZ1t);
    gsl_matrix_free (dW1t);
    gsl_matrix_free (W1t);

    g->present = BP_GRADS_ALL;
    return 0;
}
