/*  Ben R.  --  Bootcamp C module, backward pass
 *
 *  dp1 and dz1 have the same shape, so I compute dp1, apply the relu to it
 *  in place and then copy it over to dz1 (saves a loop and a temporary).
 *  The mentor said in-place operations are the "C way".
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N, D, H, C;
    size_t i, j, k;
    double sum, val;

    N = X->size1;
    D = net->D;
    H = net->H;
    C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 = (prob - 1{y}) / N */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++) {
            val = gsl_matrix_get (cache->prob, i, j);
            if (j == y[i])
                val = val - 1.0;
            gsl_matrix_set (g->dz2, i, j, val / N);
        }

    /* dW2 = p1' dz2 + 2 reg W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            sum = 0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
            gsl_matrix_set (g->dW2, j, k, sum + 2 * reg * gsl_matrix_get (net->W2, j, k));
        }

    /* db2 */
    for (k = 0; k < C; k++) {
        sum = 0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get (g->dz2, i, k);
        gsl_vector_set (g->db2, k, sum);
    }

    /* dp1 = dz2 W2' with blas (C is small but whatever) */
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu backward, in place: kill the gradient where the unit was off */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get (cache->z1, i, j) <= 0)
                gsl_matrix_set (g->dp1, i, j, 0.0);
    gsl_matrix_memcpy (g->dz1, g->dp1);
    /* printf ("dz1 row 0: %f %f %f\n", gsl_matrix_get (g->dz1, 0, 0),
               gsl_matrix_get (g->dz1, 0, 1), gsl_matrix_get (g->dz1, 0, 2)); */

    /* dW1 = X' dz1 + 2 reg W1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            sum = 0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
            gsl_matrix_set (g->dW1, k, j, sum + 2 * reg * gsl_matrix_get (net->W1, k, j));
        }

    /* db1 */
    for (j = 0; j < H; j++) {
        sum = 0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get (g->dz1, i, j);
        gsl_vector_set (g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
